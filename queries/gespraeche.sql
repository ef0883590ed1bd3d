-- Gespräche (directive §3, §4): qualifying conversations in the report month, one per
-- customer and day, per unit and by Kontaktart.
--
-- Input table `gespraeche`: one row per conversation (customer, day) of a population
-- customer between the first day of the month and the Stichtag, with gs_nr / team_nr of the
-- customer, ifk_nr (who held it: the note's author, else the customer's IFK) and
-- kontaktart: 1 Persönlich, 2 Video, 3 Telefon, 4 Sonstige, 5 ohne Angabe — for a day with
-- several notes the first in that order (src/rules/kontaktart.rs).
-- Run once per level (gesamt, Geschäftsstelle, team, team × IFK) with {schluessel} / {gruppierung}.

SELECT {schluessel},
       COUNT(*)                                        AS gespraeche,
       SUM(CASE WHEN kontaktart = 1 THEN 1 ELSE 0 END) AS persoenlich,
       SUM(CASE WHEN kontaktart = 2 THEN 1 ELSE 0 END) AS video,
       SUM(CASE WHEN kontaktart = 3 THEN 1 ELSE 0 END) AS telefon,
       SUM(CASE WHEN kontaktart = 4 THEN 1 ELSE 0 END) AS sonstige,
       SUM(CASE WHEN kontaktart = 5 THEN 1 ELSE 0 END) AS ohne_angabe
FROM gespraeche
GROUP BY {gruppierung}
