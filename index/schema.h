/* schema.h: the layout of a puebla index. index/ writes it, query/ reads
 * it through index/; nothing else may know a prefix or a slot.
 *
 * One Xapian database. For now one Xapian document per source file.
 *
 * Terms
 *   (none)     words of the text and title: lowercased, accent-folded (ñ
 *              kept, see docs/text-folding.md), with positions
 *   Z          stems of those words (Spanish Snowball on folded words,
 *              terms.h), no positions
 *   S          words of the title, with positions (field `title:`)
 *   ZS         stems of title words
 *   Q<id>      unique id of the record (16 hex digits, record.h)
 *   XV<name>   verdict: XVok, XVencrypted… (boolean)
 *   XM<type>   MIME type: XMapplication/pdf (boolean)
 *   XE<ext>    file name extension, lowercased: XEpdf, XEtxt (boolean)
 *
 * Values
 *   0  path (UTF-8 bytes; sorts by path, selects a directory by range)
 *   1  mtime, sortable_serialise (seconds since the epoch)
 *   2  size in bytes, sortable_serialise
 *   3  content hash, hex SHA-256
 *
 * Data
 *   The record as JSON (record.h: puebla_record_to_json with pages).
 *
 * Metadata
 *   puebla.schema       the schema version below, as decimal
 *   puebla.last-ingest  ISO 8601 time of the last finished ingest
 *
 * Versions
 *   1  2026-11  first layout.
 *   2  2026-11  value 6, the file signature: a change within the same
 *               second, or one that kept the mtime, is no longer missed.
 */
#pragma once

#define PUEBLA_SCHEMA_VERSION 2

#define PUEBLA_META_SCHEMA "puebla.schema"
#define PUEBLA_META_LAST_INGEST "puebla.last-ingest"

#define PUEBLA_PREFIX_STEM "Z"
#define PUEBLA_PREFIX_TITLE "S"
#define PUEBLA_PREFIX_ID "Q"
#define PUEBLA_PREFIX_VERDICT "XV"
#define PUEBLA_PREFIX_MIME "XM"
#define PUEBLA_PREFIX_EXT "XE"

enum
{
  PUEBLA_SLOT_PATH = 0,
  PUEBLA_SLOT_MTIME = 1,
  PUEBLA_SLOT_SIZE = 2,
  PUEBLA_SLOT_HASH = 3,
  PUEBLA_SLOT_VERDICT = 4,
  PUEBLA_SLOT_REASON = 5,
  PUEBLA_SLOT_SIGNATURE = 6,
};
