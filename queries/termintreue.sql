-- The appointment figures of SPEC §3 (directive §5), defined once.
--
-- Input table `termine`: one row per (Geschäftsstelle, team, customer group) cell with at
-- least one appointment in the month (1st of M to the Stichtag) of a population customer, with
-- the unit and group columns (as in kennzahlen.sql: geschaeftsstelle, team, kundengruppe,
-- gs_nr, team_nr, gruppe_rang, gesamt) and the cell's appointments counted:
--   termine           wahrgenommen, nicht erschienen or abgesagt (not offen)
--   wahrgenommen, nicht_erschienen, abgesagt, ohne_ergebnis (offen)
--   wahrgenommen_mit_erinnerung, nicht_erschienen_mit_erinnerung: those with an SMS reminder
--   wahrgenommen_ohne_erinnerung, nicht_erschienen_ohne_erinnerung: those without one
--                     (all four 0 without an `Erinnerung` column)
--   nachfass_erfolgt, nachfass_versaeumt, nachfass_offen: no-shows followed up by phone in
--                     time / not followed up, deadline passed / deadline after the Stichtag
--   folgetermin_bekannt  attended ones, when the export has a `Vereinbart am` column
--   folgetermin_vereinbart  of those, the next appointment was agreed that day
-- The per-appointment judgements come from src/termintreue (rules in src/rules/termintreue.rs);
-- counting them per cell first keeps this query small.
--
-- A quote without a denominator is NULL (NULLIF): its CSV cell stays empty, never 0.
-- Run per cell level exactly like kennzahlen.sql; each figure has its entry (column, heading,
-- number format) in TERMINTREUE in src/katalog.rs.

SELECT {schluessel},
       SUM(termine)                                   AS termine,
       SUM(wahrgenommen)                              AS wahrgenommen,
       SUM(nicht_erschienen)                          AS nicht_erschienen,
       SUM(abgesagt)                                  AS abgesagt,
       SUM(ohne_ergebnis)                             AS ohne_ergebnis,
       SUM(wahrgenommen)
         / NULLIF(SUM(wahrgenommen) + SUM(nicht_erschienen), 0)          AS quote_wahrgenommen,
       SUM(wahrgenommen_mit_erinnerung)
         / NULLIF(SUM(wahrgenommen_mit_erinnerung)
                  + SUM(nicht_erschienen_mit_erinnerung), 0)             AS quote_mit_erinnerung,
       SUM(wahrgenommen_ohne_erinnerung)
         / NULLIF(SUM(wahrgenommen_ohne_erinnerung)
                  + SUM(nicht_erschienen_ohne_erinnerung), 0)            AS quote_ohne_erinnerung,
       SUM(nachfass_erfolgt)                          AS nachfass_erfolgt,
       SUM(nachfass_versaeumt)                        AS nachfass_versaeumt,
       SUM(nachfass_offen)                            AS nachfass_offen,
       SUM(nachfass_erfolgt)
         / NULLIF(SUM(nachfass_erfolgt) + SUM(nachfass_versaeumt), 0)    AS nachfass_quote,
       SUM(folgetermin_vereinbart) / NULLIF(SUM(folgetermin_bekannt), 0) AS quote_folgetermin,
       -- the cases each quote without its own counts stands on (small numbers, SPEC §4):
       -- read by the workbooks, in no CSV
       SUM(wahrgenommen_mit_erinnerung) + SUM(nicht_erschienen_mit_erinnerung)
                                                      AS faelle_mit_erinnerung,
       SUM(wahrgenommen_ohne_erinnerung) + SUM(nicht_erschienen_ohne_erinnerung)
                                                      AS faelle_ohne_erinnerung,
       SUM(folgetermin_bekannt)                       AS faelle_folgetermin
FROM termine
GROUP BY {gruppierung}
