/* entity-type.h: the kinds of fact puebla finds in a record. Shared by
 * record.h (which carries them) and gazetteer.h / entities.h (which find
 * them). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PUEBLA_ENTITY_COUNTRY,
  PUEBLA_ENTITY_ORG,
  PUEBLA_ENTITY_DATE,
  PUEBLA_ENTITY_MEETING,
  PUEBLA_ENTITY_STATUS,
} PueblaEntityType;

#define PUEBLA_ENTITY_N_TYPES 5

/* "country", "org", "date", "meeting", "status" (the JSON names). */
const gchar *puebla_entity_type_to_string (PueblaEntityType type);

/* The type named NAME; FALSE when there is none. */
gboolean puebla_entity_type_from_string (const gchar *name, PueblaEntityType *type /* OUT */);

G_END_DECLS
