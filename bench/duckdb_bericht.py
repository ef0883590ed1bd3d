#!/usr/bin/env python3
"""The comparison point for the benchmark: the same monthly job as a short DuckDB script, the
way a controller would write it. Reads kunden/organisation of month M and every vermerke.csv of
folders <= M, applies SPEC §3 (population, age, group, last counselling, days), writes
einzeldaten.csv, kennzahlen.csv and a small workbook. No rejected-rows handling: it is the
anchor for speed, not a second implementation of the contract.

    python3 duckdb_bericht.py EXPORT_DIR YYYY-MM OUT_DIR [ENCODING]

ENCODING (e.g. latin-1) for exports in Windows-1252: DuckDB's read_csv reads UTF-8 unless told.
"""
import calendar
import os
import re
import sys

import duckdb
import xlsxwriter

src, monat, out = sys.argv[1], sys.argv[2], sys.argv[3]
kodierung = sys.argv[4] if len(sys.argv) > 4 else None
jahr, mon = map(int, monat.split("-"))
stichtag = f"{jahr:04d}-{mon:02d}-{calendar.monthrange(jahr, mon)[1]:02d}"
ordner = sorted(d for d in os.listdir(src) if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", d) and d <= monat)
vermerke = [os.path.join(src, d, "vermerke.csv") for d in ordner if os.path.isfile(os.path.join(src, d, "vermerke.csv"))]
os.makedirs(out, exist_ok=True)

con = duckdb.connect()
con.execute("SET preserve_insertion_order = false")


def datum(spalte):
    return f"COALESCE(TRY_STRPTIME(TRIM({spalte}), '%d.%m.%Y'), TRY_STRPTIME(TRIM({spalte}), '%Y-%m-%d'))::DATE"


def flag(spalte):
    return f"COALESCE(LOWER(TRIM({spalte})) IN ('ja', 'j'), false)"


csv_opts = "delim=';', header=true, all_varchar=true, quote='\"', normalize_names=false" + (
    f", encoding='{kodierung}'" if kodierung else "")
con.execute(f"""
CREATE TABLE org AS SELECT TRIM("Team") AS team, TRIM("Geschäftsstelle") AS gs
FROM read_csv('{os.path.join(src, monat, "organisation.csv")}', {csv_opts.replace(", encoding='latin-1'", "")}, encoding='latin-1')
""")
con.execute(f"""
CREATE TABLE kunden AS
SELECT TRIM("Kundennummer") AS kundennummer, {datum('"Geburtsdatum"')} AS geb,
       LOWER(TRIM("Kundenstatus AV")) AS av, LOWER(TRIM(COALESCE("Kundenstatus BB", ''))) AS bb,
       {datum('"Zugangsdatum"')} AS zugang, {datum('"Abgangsdatum"')} AS abgang,
       {flag('"Fallmanagement"')} AS fm, {flag('"Maßnahmeteilnahme"')} AS mn,
       {flag('"Vollzeitschulpflicht"')} AS vs, {flag('"Sperrkennzeichen"')} AS sp,
       COALESCE(TRIM("Team"), '') AS team, COALESCE(TRIM("IFK"), '') AS ifk
FROM read_csv('{os.path.join(src, monat, "kunden.csv")}', {csv_opts})
""")
dateien = ", ".join(f"'{v}'" for v in vermerke)
con.execute(f"""
CREATE TABLE letzte AS
SELECT TRIM("Kundennummer") AS kundennummer, MAX({datum('"Vermerkdatum"')}) AS letzte
FROM read_csv([{dateien}], {csv_opts}, union_by_name=true)
WHERE LOWER(TRIM("Vermerktyp")) IN ('beratungsvermerk', 'beratungsvermerk zur standortbestimmung', 'fallmanagement')
  AND {datum('"Vermerkdatum"')} <= DATE '{stichtag}'
GROUP BY 1
""")
con.execute(f"""
CREATE TABLE einzeldaten AS
WITH b AS (
  SELECT k.*, date_part('year', DATE '{stichtag}') - date_part('year', geb)
         - CASE WHEN strftime(DATE '{stichtag}', '%m%d') < strftime(geb, '%m%d') THEN 1 ELSE 0 END AS alter
  FROM kunden k
  WHERE geb IS NOT NULL AND geb <= DATE '{stichtag}' AND zugang <= DATE '{stichtag}'
    AND (abgang IS NULL OR abgang > DATE '{stichtag}') AND NOT sp AND NOT vs
), g AS (
  SELECT b.*, CASE WHEN fm AND alter >= 25 THEN 'fm_ue25' WHEN mn THEN 'massnahme'
       WHEN alter < 25 AND (av = 'arbeitslos' OR bb IN ('ausbildungsuchend', 'ausbildungssuchend')) THEN 'u25'
       WHEN alter >= 25 AND av = 'arbeitslos' THEN 'ue25_arbeitslos' ELSE 'uebrige' END AS kundengruppe
  FROM b
)
SELECT g.kundennummer,
       CASE WHEN g.team = '' OR o.gs IS NULL THEN '(nicht zugeordnet)' ELSE o.gs END AS geschaeftsstelle,
       CASE WHEN g.team = '' THEN '(ohne Team)' ELSE g.team END AS team, g.ifk, g.kundengruppe, g.alter,
       l.letzte AS letzte_beratung,
       DATE '{stichtag}' - COALESCE(l.letzte, g.zugang) AS tage_seit_beratung, l.letzte IS NULL AS nie_beraten,
       CASE g.kundengruppe WHEN 'u25' THEN 30 WHEN 'ue25_arbeitslos' THEN 90 ELSE 180 END AS zielwert,
       CASE g.kundengruppe WHEN 'u25' THEN 60 ELSE 180 END AS mindestwert
FROM g LEFT JOIN letzte l USING (kundennummer) LEFT JOIN org o ON o.team = g.team
""")
con.execute(f"""
COPY (SELECT *, tage_seit_beratung <= zielwert AS zielwert_eingehalten, tage_seit_beratung <= mindestwert AS mindestwert_eingehalten
      FROM einzeldaten ORDER BY kundennummer)
TO '{os.path.join(out, "einzeldaten.csv")}' (DELIMITER ';', HEADER)
""")
kz = con.execute("""
SELECT CASE WHEN GROUPING(geschaeftsstelle) = 1 THEN 'gesamt' WHEN GROUPING(team) = 1 THEN 'geschaeftsstelle' ELSE 'team' END AS ebene,
       COALESCE(geschaeftsstelle, '') AS geschaeftsstelle, COALESCE(team, '') AS team, COALESCE(kundengruppe, 'alle') AS kundengruppe,
       COUNT(*) AS kunden, AVG(tage_seit_beratung) AS tage_mittel, MEDIAN(tage_seit_beratung) AS tage_median,
       AVG((tage_seit_beratung <= zielwert)::INT) AS anteil_zielwert, AVG((tage_seit_beratung <= mindestwert)::INT) AS anteil_mindestwert,
       SUM((tage_seit_beratung > mindestwert)::INT) AS ueberfaellig, SUM(nie_beraten::INT) AS nie_beraten
FROM einzeldaten
GROUP BY GROUPING SETS ((), (kundengruppe), (geschaeftsstelle), (geschaeftsstelle, kundengruppe),
                        (geschaeftsstelle, team), (geschaeftsstelle, team, kundengruppe))
ORDER BY 1, 2, 3, 4
""").fetchall()
with open(os.path.join(out, "kennzahlen.csv"), "w", encoding="utf-8") as f:
    f.write("ebene;geschaeftsstelle;team;kundengruppe;kunden;tage_mittel;tage_median;anteil_zielwert;anteil_mindestwert;ueberfaellig;nie_beraten\n")
    for r in kz:
        f.write(";".join(str(x) for x in r) + "\n")
wb = xlsxwriter.Workbook(os.path.join(out, f"Beratungscontrolling_{monat}.xlsx"))
ws = wb.add_worksheet("Kennzahlen")
for i, r in enumerate(kz):
    ws.write_row(i, 0, r)
wb.close()
gesamt = next(r for r in kz if r[0] == "gesamt" and r[3] == "alle")
print(f"duckdb: {gesamt[4]} Kund:innen, tage_mittel {gesamt[5]:.4f}", file=sys.stderr)
