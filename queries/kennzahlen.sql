-- The figures of SPEC §3, for every group of customers:
--   ebene gesamt / geschaeftsstelle / team  ×  kundengruppe alle / each group.
--
-- Input table `einzeldaten`: one row per customer in the population, with
--   geschaeftsstelle, team, kundengruppe, gruppe_rang (1..5, precedence order),
--   tage (days since last counselling, or since entry when never counselled),
--   zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten (0/1).
--
-- Step 1 (`zellen`) puts every customer into each of the six cells it belongs to; step 2
-- computes every figure once per cell. To add a figure, add one line to step 2.
-- Literal columns carry an alias each (polars' group-by needs distinct names).

WITH zellen AS (
    SELECT 1 AS ebene_rang, 'gesamt' AS ebene, '' AS geschaeftsstelle, '' AS team,
           0 AS gruppe_rang, 'alle' AS kundengruppe,
           tage, zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten
    FROM einzeldaten
    UNION ALL
    SELECT 1 AS ebene_rang, 'gesamt' AS ebene, '' AS geschaeftsstelle, '' AS team,
           gruppe_rang, kundengruppe,
           tage, zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten
    FROM einzeldaten
    UNION ALL
    SELECT 2 AS ebene_rang, 'geschaeftsstelle' AS ebene, geschaeftsstelle, '' AS team,
           0 AS gruppe_rang, 'alle' AS kundengruppe,
           tage, zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten
    FROM einzeldaten
    UNION ALL
    SELECT 2 AS ebene_rang, 'geschaeftsstelle' AS ebene, geschaeftsstelle, '' AS team,
           gruppe_rang, kundengruppe,
           tage, zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten
    FROM einzeldaten
    UNION ALL
    SELECT 3 AS ebene_rang, 'team' AS ebene, geschaeftsstelle, team,
           0 AS gruppe_rang, 'alle' AS kundengruppe,
           tage, zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten
    FROM einzeldaten
    UNION ALL
    SELECT 3 AS ebene_rang, 'team' AS ebene, geschaeftsstelle, team,
           gruppe_rang, kundengruppe,
           tage, zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten
    FROM einzeldaten
)
SELECT ebene_rang, ebene, geschaeftsstelle, team, gruppe_rang, kundengruppe,
       COUNT(*)                      AS kunden,
       AVG(tage)                     AS tage_mittel,        -- the directive's headline figure
       MEDIAN(tage)                  AS tage_median,        -- mean of the two middle values if even
       AVG(zielwert_eingehalten)     AS anteil_zielwert,    -- share 0..1
       AVG(mindestwert_eingehalten)  AS anteil_mindestwert, -- share 0..1
       SUM(ueberfaellig)             AS ueberfaellig,       -- tage > Mindestwert
       SUM(nie_beraten)              AS nie_beraten
FROM zellen
GROUP BY ebene_rang, ebene, geschaeftsstelle, team, gruppe_rang, kundengruppe
ORDER BY ebene_rang, geschaeftsstelle, team, gruppe_rang
