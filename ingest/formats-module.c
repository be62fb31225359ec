/* formats-module.c: the module puebla-formats.so (extract.h). Its code is
 * the puebla_formats library, linked whole; its one entry point is
 * puebla_formats_extract_file(), which the puebla program looks up by
 * name. Nothing else is needed here. */
#include "extract.h"
