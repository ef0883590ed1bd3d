-- The figures of SPEC §3, for every group of customers:
--   ebene gesamt / geschaeftsstelle / team  ×  kundengruppe alle / each group.
--
-- Input table `einzeldaten`: one row per customer in the population, with
--   geschaeftsstelle, team, kundengruppe, gruppe_rang (1..5, precedence order),
--   tage (days since last counselling, or since entry when never counselled),
--   zielwert_eingehalten, mindestwert_eingehalten, ueberfaellig, nie_beraten (0/1).
--
-- tage_mittel (the directive's headline figure) is the plain mean of tage; tage_median the
-- median (mean of the two middle values for an even count); the shares are means of 0/1 flags.
-- Literal columns carry an alias each (polars' group-by needs distinct names).

WITH kennzahlen AS (
    SELECT 1 AS ebene_rang, 'gesamt' AS ebene, '' AS geschaeftsstelle, '' AS team,
           0 AS gruppe_rang, 'alle' AS kundengruppe,
           COUNT(*) AS kunden, AVG(tage) AS tage_mittel, MEDIAN(tage) AS tage_median,
           AVG(zielwert_eingehalten) AS anteil_zielwert, AVG(mindestwert_eingehalten) AS anteil_mindestwert,
           SUM(ueberfaellig) AS ueberfaellig, SUM(nie_beraten) AS nie_beraten
    FROM einzeldaten
    UNION ALL
    SELECT 1 AS ebene_rang, 'gesamt' AS ebene, '' AS geschaeftsstelle, '' AS team,
           gruppe_rang, kundengruppe,
           COUNT(*) AS kunden, AVG(tage) AS tage_mittel, MEDIAN(tage) AS tage_median,
           AVG(zielwert_eingehalten) AS anteil_zielwert, AVG(mindestwert_eingehalten) AS anteil_mindestwert,
           SUM(ueberfaellig) AS ueberfaellig, SUM(nie_beraten) AS nie_beraten
    FROM einzeldaten
    GROUP BY gruppe_rang, kundengruppe
    UNION ALL
    SELECT 2 AS ebene_rang, 'geschaeftsstelle' AS ebene, geschaeftsstelle, '' AS team,
           0 AS gruppe_rang, 'alle' AS kundengruppe,
           COUNT(*) AS kunden, AVG(tage) AS tage_mittel, MEDIAN(tage) AS tage_median,
           AVG(zielwert_eingehalten) AS anteil_zielwert, AVG(mindestwert_eingehalten) AS anteil_mindestwert,
           SUM(ueberfaellig) AS ueberfaellig, SUM(nie_beraten) AS nie_beraten
    FROM einzeldaten
    GROUP BY geschaeftsstelle
    UNION ALL
    SELECT 2 AS ebene_rang, 'geschaeftsstelle' AS ebene, geschaeftsstelle, '' AS team,
           gruppe_rang, kundengruppe,
           COUNT(*) AS kunden, AVG(tage) AS tage_mittel, MEDIAN(tage) AS tage_median,
           AVG(zielwert_eingehalten) AS anteil_zielwert, AVG(mindestwert_eingehalten) AS anteil_mindestwert,
           SUM(ueberfaellig) AS ueberfaellig, SUM(nie_beraten) AS nie_beraten
    FROM einzeldaten
    GROUP BY geschaeftsstelle, gruppe_rang, kundengruppe
    UNION ALL
    SELECT 3 AS ebene_rang, 'team' AS ebene, geschaeftsstelle, team,
           0 AS gruppe_rang, 'alle' AS kundengruppe,
           COUNT(*) AS kunden, AVG(tage) AS tage_mittel, MEDIAN(tage) AS tage_median,
           AVG(zielwert_eingehalten) AS anteil_zielwert, AVG(mindestwert_eingehalten) AS anteil_mindestwert,
           SUM(ueberfaellig) AS ueberfaellig, SUM(nie_beraten) AS nie_beraten
    FROM einzeldaten
    GROUP BY geschaeftsstelle, team
    UNION ALL
    SELECT 3 AS ebene_rang, 'team' AS ebene, geschaeftsstelle, team,
           gruppe_rang, kundengruppe,
           COUNT(*) AS kunden, AVG(tage) AS tage_mittel, MEDIAN(tage) AS tage_median,
           AVG(zielwert_eingehalten) AS anteil_zielwert, AVG(mindestwert_eingehalten) AS anteil_mindestwert,
           SUM(ueberfaellig) AS ueberfaellig, SUM(nie_beraten) AS nie_beraten
    FROM einzeldaten
    GROUP BY geschaeftsstelle, team, gruppe_rang, kundengruppe
)
SELECT ebene_rang, ebene, geschaeftsstelle, team, gruppe_rang, kundengruppe,
       kunden, tage_mittel, tage_median, anteil_zielwert, anteil_mindestwert, ueberfaellig, nie_beraten
FROM kennzahlen
WHERE kunden > 0
ORDER BY ebene_rang, geschaeftsstelle, team, gruppe_rang
