-- The figures of SPEC §3, defined once.
--
-- Input table `einzeldaten`: one row per customer in the population, with
--   geschaeftsstelle, team, kundengruppe, and their integer codes gs_nr, team_nr and
--   gruppe_rang (numbered in name order / precedence order: levels group by the codes),
--   gesamt (the same value on every row: groups the Jobcenter total),
--   tage (days since last counselling, or since entry when never counselled),
--   zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten (0/1).
--
-- beratungsreport runs this query for each of the six cell levels of `kennzahlen.csv`
-- (gesamt / geschaeftsstelle / team, each for all customers and per customer group; see
-- EBENEN in src/figures.rs), putting the level's key columns in place of {schluessel} and its
-- grouping in place of {gruppierung}, and unites the results. To add a figure, add a line here
-- and its entry (column, heading, number format) to BERATUNG in src/katalog.rs; the CSV and
-- every sheet follow from that entry. A column here without an entry stops the run.

-- The columns come in the order the sheets show them; kennzahlen.csv takes SPEC §4's order
-- from the catalog (tage_mittel_beraten appended last, anteil_nie_beraten workbook only).

SELECT {schluessel},
       COUNT(*)                      AS kunden,
       AVG(tage)                     AS tage_mittel,        -- the directive's headline figure
       -- the headline among those counselled at least once; NULL when nobody was
       AVG(CASE WHEN nie_beraten = 0 THEN tage END) AS tage_mittel_beraten,
       SUM(nie_beraten)              AS nie_beraten,
       AVG(nie_beraten)              AS anteil_nie_beraten, -- share 0..1 (workbooks only)
       MEDIAN(tage)                  AS tage_median,        -- mean of the two middle values if even
       AVG(zielwert_eingehalten)     AS anteil_zielwert,    -- share 0..1
       AVG(mindestwert_eingehalten)  AS anteil_mindestwert, -- share 0..1
       SUM(ueberfaellig)             AS ueberfaellig        -- tage > Mindestwert
FROM einzeldaten
GROUP BY {gruppierung}
