-- wrk script: GET /api/search with a mix of researcher queries, each
-- connection walking the list from a different place.  The queries use
-- the words, fields and entities of CRM records (docs/query-language.md).
local queries = {
  "trata de personas",
  "trata country:GT",
  "tráfico ilícito de migrantes",
  "\"red de funcionarios de enlace\"",
  "retorno country:MX year:2006",
  "org:OIM seminario",
  "org:ACNUR refugiados",
  "protección consular",
  "kind:plan-de-accion status:completed",
  "niñez no acompañada",
  "date:2004..2008 migración laboral",
  "derechos humanos de los migrantes",
  "country:HN country:SV",
  "smuggling OR trafficking",
  "meeting:\"XIII CRM\"",
  "legislación migratoria -seminario",
  "lang:en",
  "documentos fraudulentos",
  "status:pending",
  "reinserción",
}
local paths = {}
for i, q in ipairs(queries) do
  paths[i] = "/api/search?facets=1&q=" .. q:gsub("[^%w%-%._~]", function (c)
    return string.format("%%%02X", string.byte(c)) end)
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7)
end

local n = 0
function request()
  n = n + 1
  return wrk.format("GET", paths[(n + offset) % #paths + 1])
end

local non200 = 0
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("search-mix: status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end
