-- The appointment figures of SPEC §3 (directive §5), defined once.
--
-- Input table `termine`: one row per appointment in the month (1st of M to the Stichtag) of a
-- population customer, with the unit and group columns of the customer (as in
-- kennzahlen.sql: geschaeftsstelle, team, kundengruppe, gs_nr, team_nr, gruppe_rang, gesamt)
-- and, per appointment, 0/1 or NULL:
--   termin            1 for wahrgenommen, nicht erschienen or abgesagt (0 for offen)
--   wahrgenommen, nicht_erschienen, abgesagt, ohne_ergebnis (offen)     0/1
--   erschienen        1 wahrgenommen, 0 nicht erschienen, NULL otherwise
--   erschienen_mit_erinnerung / _ohne_erinnerung: `erschienen` where an SMS reminder was /
--                     was not sent, NULL otherwise (NULL on every row without the column)
--   nachfass_erfolgt, nachfass_versaeumt, nachfass_offen                0/1 (no-shows only)
--   nachgefasst       1 erfolgt, 0 versäumt, NULL otherwise (open ones are not assessable)
--   folgetermin       attended: 1 when the next appointment was agreed that day, else 0;
--                     NULL for other statuses and without a `Vereinbart am` column
--
-- A quote is the mean of its 0/1 column: AVG skips NULL, so a quote without a denominator is
-- NULL and its CSV cell empty. Run per cell level exactly like kennzahlen.sql.

SELECT {schluessel},
       SUM(termin)                      AS termine,
       SUM(wahrgenommen)                AS wahrgenommen,
       SUM(nicht_erschienen)            AS nicht_erschienen,
       SUM(abgesagt)                    AS abgesagt,
       SUM(ohne_ergebnis)               AS ohne_ergebnis,
       AVG(erschienen)                  AS quote_wahrgenommen,
       AVG(erschienen_mit_erinnerung)   AS quote_mit_erinnerung,
       AVG(erschienen_ohne_erinnerung)  AS quote_ohne_erinnerung,
       SUM(nachfass_erfolgt)            AS nachfass_erfolgt,
       SUM(nachfass_versaeumt)          AS nachfass_versaeumt,
       SUM(nachfass_offen)              AS nachfass_offen,
       AVG(nachgefasst)                 AS nachfass_quote,
       AVG(folgetermin)                 AS quote_folgetermin
FROM termine
GROUP BY {gruppierung}
