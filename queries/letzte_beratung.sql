-- „Letzte Beratung“ in the periods of the directive's §6.4 search run, per unit.
--
-- Input table `einzeldaten` (see kennzahlen.sql) with the column zeitraum:
--   1 bis 3 Monate, 2 3–6 Monate, 3 6–12 Monate, 4 über 12 Monate, 5 noch nie
-- (calendar months back from the Stichtag; src/rules/zeitraum.rs).
-- Run once per level (gesamt, Geschäftsstelle, team) with {schluessel} / {gruppierung}.

SELECT {schluessel},
       COUNT(*)                                      AS kunden,
       SUM(CASE WHEN zeitraum = 1 THEN 1 ELSE 0 END) AS bis_3,
       SUM(CASE WHEN zeitraum = 2 THEN 1 ELSE 0 END) AS von_3_bis_6,
       SUM(CASE WHEN zeitraum = 3 THEN 1 ELSE 0 END) AS von_6_bis_12,
       SUM(CASE WHEN zeitraum = 4 THEN 1 ELSE 0 END) AS ueber_12,
       SUM(CASE WHEN zeitraum = 5 THEN 1 ELSE 0 END) AS noch_nie
FROM einzeldaten
GROUP BY {gruppierung}
