/* trace.h: the timeline of an activity across all records.
 *
 * What it does: finds the passages about an activity (its key words, most
 * of them: rewording between records is tolerated), splits each into
 * clauses (a cell's lines, sentences), keeps the clauses that speak of the
 * activity and report a status or a date, dates each by the event it
 * reports (a date in the clause; else a meeting it names, through the
 * meetings table; else the record's date), labels each with its status,
 * orders them, and sums up: first proposed (and by whom), approved,
 * completed, the latest status. Every claim cites its evidence: record,
 * page, section, passage and the quote. docs/trace.md explains it.
 *
 * What it does not do: read files or write the index.
 */
#pragma once

#include "searcher.h"

G_BEGIN_DECLS

typedef struct
{
  gchar *date;        /* normalized, as entities.h; NULL when nothing dates it */
  gchar *first_day;   /* for ordering: "2007-02-15", or NULL */
  gchar *dated_by;    /* "text" (a date in the clause), "meeting", "record" */
  gchar *status;      /* proposed, approved, ongoing, pending, completed, mentioned */
  gchar *record_id;
  gchar *record_date; /* the date of the record it comes from, or NULL */
  gchar *path;
  gchar *title;
  guint page;         /* 0: unpaged */
  gchar *section;
  guint passage;      /* ordinal */
  gchar *quote;       /* the clause */
  GPtrArray *by;      /* of gchar*: countries and organizations the clause names (who proposed, offered…) */
} PueblaTraceEvent;

typedef struct
{
  gchar *query;
  GPtrArray *events;  /* of PueblaTraceEvent*, in date order */
  const PueblaTraceEvent *first_proposed; /* borrowed from events, or NULL */
  const PueblaTraceEvent *approved;
  const PueblaTraceEvent *completed;
  const gchar *latest_status; /* what the most recent record reporting on it says (its most advanced
                               * status), or NULL when there is no event */
  guint candidates;           /* passages read: the best that hold the query's words, at most
                               * PUEBLA_TRACE_CANDIDATES */
  gboolean complete;          /* FALSE: more passages hold the words than were read, so events
                               * (the earliest among them) may be missing; a field or another
                               * word narrows the query */
} PueblaTrace;

/* How many passages a trace reads at most. */
#define PUEBLA_TRACE_CANDIDATES 400

void puebla_trace_free (PueblaTrace *trace);

/* The trace of the activity QUERY (the query language of search; its
 * fields filter the passages). Errors as puebla_searcher_search(). */
PueblaTrace *puebla_searcher_trace (PueblaSearcher *searcher, const gchar *query, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaTrace, puebla_trace_free)

G_END_DECLS
