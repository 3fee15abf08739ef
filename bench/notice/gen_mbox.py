"""Writes an mbox of N generated release notices (default 5,000) to the
path given: a mix of the layouts the vendor and forwarders use (HTML
table in multipart/alternative, base64 HTML, quoted-printable plain
text, a forwarded message/rfc822), each listing 5 to 25 programs, plus
one non-notice in ten messages. Deterministic (seeded)."""
import base64
import quopri
import random
import sys

rnd = random.Random(20261128)
PREFIXES = ["VFA", "MZZ", "INK", "ORD", "HRM", "SAL", "FIN", "CRD", "DEB",
            "PRJ", "KAS", "BNK", "VRD", "REL", "BTW"]
WORDS = ["Facturen", "Parameters", "Orders", "Medewerkers", "Journaal",
         "Kasboek", "Projecturen", "Verlof", "Artikelen", "Relaties"]


def programs():
    out = []
    for _ in range(rnd.randint(5, 25)):
        code = rnd.choice(PREFIXES) + "".join(
            rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
        out.append((code, rnd.choice(WORDS) + " " + rnd.choice(WORDS).lower()))
    return out


def headers(i, subject, ctype, extra=""):
    return (f"From: AllSolutions Releasebeheer <release@allsolutions.nl>\n"
            f"To: ict@klant.example.nl\nSubject: {subject}\n"
            f"Date: Fri, 20 Nov 2026 10:{i % 60:02d}:00 +0100\n"
            f"Message-ID: <bench-{i}@allsolutions.nl>\nMIME-Version: 1.0\n"
            f"Content-Type: {ctype}\n{extra}\n")


def html_table(rel, progs):
    rows = "".join(f"<tr><td class=\"code\">{c}</td><td>{n}</td>"
                   f"<td>Gewijzigd veld <i>status</i></td></tr>\n"
                   for c, n in progs)
    return (f"<html><head><style>td{{padding:4px}}</style></head><body>"
            f"<h2>Release {rel}</h2><p>Geachte relatie,</p><p>In de volgende"
            f" programma's is iets gewijzigd:</p><table border=\"1\">"
            f"<tr><th>Code</th><th>Naam</th><th>Wijziging</th></tr>\n{rows}"
            f"</table><p>Met vriendelijke groet,<br>AllSolutions</p>"
            f"</body></html>\n")


def plain(rel, progs):
    lines = "".join(f"- {c} - {n}\n" for c, n in progs)
    return (f"Geachte klant,\n\nIn release {rel} zijn de volgende programma's"
            f" gewijzigd:\n\n{lines}\nMet vriendelijke groet,\nAllSolutions\n")


def message(i):
    rel = f"10.{i // 100 % 10}.{i % 100}"
    progs = programs()
    kind = i % 10
    if kind == 9:
        return headers(i, "Lunch vrijdag", "text/plain; charset=utf-8") + \
            "Wie gaat er mee lunchen?\n"
    if kind in (0, 1, 2, 3):
        b = f"alt{i}"
        return headers(i, f"Upgrade naar release {rel}",
                       f"multipart/alternative; boundary=\"{b}\"") + (
            f"--{b}\nContent-Type: text/plain; charset=utf-8\n\n"
            f"{plain(rel, progs)}\n--{b}\nContent-Type: text/html; "
            f"charset=utf-8\n\n{html_table(rel, progs)}\n--{b}--\n")
    if kind in (4, 5):
        return headers(i, f"Release {rel}", "text/html; charset=utf-8",
                       "Content-Transfer-Encoding: base64\n") + \
            base64.encodebytes(html_table(rel, progs).encode()).decode()
    if kind in (6, 7):
        return headers(i, f"Release {rel}: wijzigingen",
                       "text/plain; charset=iso-8859-1",
                       "Content-Transfer-Encoding: quoted-printable\n") + \
            quopri.encodestring(plain(rel, progs).encode("latin-1")).decode()
    b = f"fwd{i}"
    inner = headers(i, f"Upgrade naar release {rel}",
                    "text/html; charset=utf-8") + html_table(rel, progs)
    return headers(i, f"Fwd: Upgrade naar release {rel}",
                   f"multipart/mixed; boundary=\"{b}\"") + (
        f"--{b}\nContent-Type: text/plain; charset=utf-8\n\nLET OP: UPGRADE"
        f"\n\n--{b}\nContent-Type: message/rfc822\n\n{inner}\n--{b}--\n")


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            text = message(i).replace("\nFrom ", "\n>From ")
            f.write(f"From release@allsolutions.nl Fri Nov 20 10:00:00 2026\n"
                    f"{text}\n")


if __name__ == "__main__":
    main()
