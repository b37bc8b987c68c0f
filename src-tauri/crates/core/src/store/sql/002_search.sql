-- Schema v2: full-text search over the latest revision of cases, companies and attempts.
-- A derived index, rebuilt from `records` at will; accents ignored (remove_diacritics).
CREATE VIRTUAL TABLE search_index USING fts5(
    id UNINDEXED, kind UNINDEXED, case_id UNINDEXED, title, text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (id, kind, case_id, title, text)
SELECT id, kind, case_id,
       CASE kind
           WHEN 'case' THEN json_extract(body, '$.title')
           WHEN 'company' THEN json_extract(body, '$.trade_name')
           ELSE json_extract(body, '$.reference')
       END,
       CASE kind
           WHEN 'case' THEN concat_ws(' ', json_extract(body, '$.product'), json_extract(body, '$.account_ref'),
                                      json_extract(body, '$.facts'), json_extract(body, '$.requests'),
                                      json_extract(body, '$.agency_folio'))
           WHEN 'company' THEN concat_ws(' ', json_extract(body, '$.legal_name'), json_extract(body, '$.tax_id'),
                                         json_extract(body, '$.website'))
           ELSE concat_ws(' ', json_extract(body, '$.agent'), json_extract(body, '$.channel_detail'),
                          json_extract(body, '$.asked'), json_extract(body, '$.response'))
       END
FROM latest WHERE kind IN ('case', 'company', 'attempt');
