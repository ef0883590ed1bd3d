-- The 13-month trend (Verlauf): Ø Tage seit letzter Beratung and the shares within the
-- Zielwert and the Mindestwert per month, for the Jobcenter, each Geschäftsstelle and each team.
--
-- Input table `verlauf`: one row per (month, Geschäftsstelle, team) cell, with
--   monat_nr (0 = twelve months before the report month … 12 = the report month),
--   gs_nr / team_nr (integer codes of the Geschäftsstelle and team code in that month),
--   kunden (customers of the population of that month in the cell),
--   tage_summe (their days since last counselling at that month's Stichtag — or since entry
--     when never counselled — summed), im_zielwert / im_mindestwert (how many are within
--     their Zielwert / Mindestwert), beraten / tage_summe_beraten (how many were counselled
--     at least once by then, and their days summed),
--   wahrgenommen, nicht_erschienen (their appointments of that month attended / missed),
--   nachfass_erfolgt, nachfass_versaeumt (missed ones followed up in time / not; those whose
--     deadline lies after that month's Stichtag in neither).
-- A quote without a denominator is NULL (NULLIF): shown as no value, never as zero.
-- The per-customer values come from the same rules and the same notes as a run of that month
-- alone (src/verteilung/verlauf.rs); summing them per cell first keeps this query small.
-- beratungsreport runs this once per level (gesamt, Geschäftsstelle, team), putting the key in
-- place of {schluessel} and {gruppierung}.

SELECT monat_nr,
       {schluessel},
       SUM(kunden)                        AS kunden,
       SUM(tage_summe) / SUM(kunden)      AS tage_mittel,         -- Ø Tage (mean over customers)
       SUM(im_zielwert) / SUM(kunden)     AS anteil_zielwert,     -- share 0..1
       SUM(im_mindestwert) / SUM(kunden)  AS anteil_mindestwert,  -- share 0..1
       SUM(tage_summe_beraten)
         / NULLIF(SUM(beraten), 0)        AS tage_mittel_beraten, -- Ø Tage, counselled only
       SUM(kunden) - SUM(im_mindestwert)  AS ueberfaellig,        -- past the Mindestwert
       SUM(wahrgenommen)
         / NULLIF(SUM(wahrgenommen) + SUM(nicht_erschienen), 0)            AS quote_wahrgenommen,
       SUM(nachfass_erfolgt)
         / NULLIF(SUM(nachfass_erfolgt) + SUM(nachfass_versaeumt), 0)      AS nachfass_quote
FROM verlauf
GROUP BY monat_nr, {gruppierung}
