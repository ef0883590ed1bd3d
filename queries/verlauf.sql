-- The 13-month trend (Verlauf): Ø Tage seit letzter Beratung and the share within the
-- Mindestwert per month, for the Jobcenter, each Geschäftsstelle and each team.
--
-- Input table `verlauf`: one row per customer of the population of each trend month, with
--   monat_nr (0 = twelve months before the report month … 12 = the report month),
--   gs_nr / team_nr (integer codes of the Geschäftsstelle and team code in that month),
--   tage (days since last counselling at that month's Stichtag, or since entry),
--   mindestwert_eingehalten (0/1), zielwert (the customer's Zielwert in days).
-- Rows are computed with the same rules and the same notes as a run of that month alone.
-- beratungsreport runs this once per level (gesamt, Geschäftsstelle, team), putting the key in
-- place of {schluessel} and {gruppierung}.

SELECT monat_nr,
       {schluessel},
       COUNT(*)                     AS kunden,
       AVG(tage)                    AS tage_mittel,
       AVG(mindestwert_eingehalten) AS anteil_mindestwert,
       AVG(zielwert)                AS zielwert_mittel    -- drawn as the Zielwert line
FROM verlauf
GROUP BY monat_nr, {gruppierung}
