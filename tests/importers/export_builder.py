"""Builds LinkedIn data exports in the real formats of 2018-2026, with known contents.

The realistic archive (`realistic_files`) has 400 connections of which 40 are senior and 16
work at the member's employer, and dated activity placed so every weekly rate is exact.
`bench/bench_import.py` uses `large_files` for the benchmark's 30,000-connection archive.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
EXPORT_DAY = date(2026, 4, 6)
WINDOW_START = EXPORT_DAY - timedelta(weeks=12)  # 2026-01-12
ACTIVE_DAYS = 42  # activity falls on the first 42 days of the window: 3.5 days a week
OWNER = ("Sanne", "de Vries")
OWNER_URL = "https://www.linkedin.com/in/sanne-de-vries-example"
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see or download their email address."\n'
    "\n"
)
SENIOR_TITLES = [
    "CEO",
    "Founder & CEO",
    "Managing Director",
    "VP Sales EMEA",
    "Head of Marketing",
    "Algemeen Directeur",
    "Eigenaar",
    "Mede-oprichter",
    "Partner",
    "Directeur Verkoop",
]
NOT_SENIOR = ["Product Owner", "Account Executive", "Headhunter", "Partner Manager", "Directiesecretaresse"]
REGULAR = ["Software Engineer", "Account Manager", "Consultant", "Recruiter", "Data Analyst", "Marketing Specialist"]
COLLEAGUE_COMPANIES = ["Contoso", "CONTOSO B.V.", "Contoso BV", "Contoso, Inc."]
OTHER_COMPANIES = ["Fabrikam", "Northwind Traders Ltd", "Contoso Bank", "Tailspin Toys GmbH", "Adventure Works"]


def csv_text(header: list[str], rows: list[list[str]], *, final_newline: bool = True) -> str:
    """CSV as LinkedIn writes it: the csv module's quoting, \\n line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    return text if final_newline else text.rstrip("\n")


def day(index: int) -> date:
    """The index-th day of the 12-week window (0 = its first day)."""
    return WINDOW_START + timedelta(days=index)


def iso(when: date, hour: int = 9) -> str:
    return datetime(when.year, when.month, when.day, hour, 15, 7).strftime("%Y-%m-%d %H:%M:%S")


def us_short(when: date) -> str:
    """4/6/26, 2:12 PM (Invitations.csv)."""
    return f"{when.month}/{when.day}/{when.year % 100:02d}, 2:12 PM"


def spread(count: int) -> list[date]:
    """`count` days inside the window, cycling over the active days."""
    return [day(index % ACTIVE_DAYS) for index in range(count)]


def outside() -> list[date]:
    """Days just outside the window: the export day itself and the day before the window."""
    return [EXPORT_DAY, WINDOW_START - timedelta(days=1), date(2025, 6, 3)]


def connections_rows() -> list[list[str]]:
    rows = []
    for i in range(397):
        if i % 10 == 0:
            company, title = OTHER_COMPANIES[i % 5], SENIOR_TITLES[(i // 10) % len(SENIOR_TITLES)]
        elif i % 25 == 3:
            company, title = COLLEAGUE_COMPANIES[i % 4], REGULAR[i % len(REGULAR)]
        elif i % 10 == 5:
            company, title = OTHER_COMPANIES[i % 5], NOT_SENIOR[(i // 10) % len(NOT_SENIOR)]
        else:
            company, title = OTHER_COMPANIES[i % 5], REGULAR[i % len(REGULAR)]
        email = f"person{i}@example.com" if i % 7 == 0 else ""
        connected = (date(2019, 1, 1) + timedelta(days=i * 5)).strftime("%d %b %Y")
        rows.append([f"First{i}", f"Last{i}", f"https://www.linkedin.com/in/person-{i}", email, company, title, connected])
    rows += [["Solo", "", "", "", "", "", ""], ["", "Only", "", "", "", "", ""], ["Nearly", "Empty", "", "", "", "", "03 Mar 2026"]]
    return rows


def realistic_files() -> dict[str, str]:
    """A complete archive (export date 2026-04-06) whose facts the tests know exactly."""
    files: dict[str, str] = {}
    files["Profile.csv"] = csv_text(
        ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry", "Zip Code", "Geo Location"],
        [
            [
                *OWNER,
                "",
                "",
                "",
                "Helping B2B teams sell on LinkedIn | Trainer",
                "I train sales teams.\n\nAsk me about social selling.",
                "Professional Training",
                "",
                "Utrecht",
            ]
        ],
    )
    files["Positions.csv"] = csv_text(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [
            ["Contoso B.V.", "Sales Director", "Leading a team of twelve.\nB2B software.", "Utrecht", "May 2021", ""],
            ["Fabrikam", "Account Manager", "", "Amsterdam", "Jan 2017", "Apr 2021"],
            ["Northwind Traders", "Sales Representative", "Field sales", "Rotterdam", "2013", "2016"],
            ["Adventure Works", "Intern", "", "Delft", "Feb 2012", "Aug 2012"],
        ],
    )
    files["Education.csv"] = csv_text(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [["Universiteit Utrecht", "2008", "2012", "", "BSc", ""], ["Hogeschool Utrecht", "2012", "2013", "", "Minor", ""]],
    )
    files["Skills.csv"] = csv_text(["Name"], [[f"Skill {n}"] for n in range(17)])
    endorsements = [
        [f"2026/03/{n % 28 + 1:02d} 02:06:52 UTC", "Sales", f"E{n}", f"L{n}", f"https://www.linkedin.com/in/e{n}", "ACCEPTED"]
        for n in range(37)
    ]
    endorsements += [["2026/03/21 02:06:52 UTC", "Sales", "R", "S", "https://www.linkedin.com/in/r", "REJECTED"] for _ in range(3)]
    files["Endorsement_Received_Info.csv"] = csv_text(
        ["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name", "Endorser Public Url", "Endorsement Status"],
        endorsements,
    )
    recommendation_header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]
    received = [[f"R{n}", "X", "Fabrikam", "CEO", 'Sanne is "great",\nreally.', "04/15/24, 09:25 PM", "VISIBLE"] for n in range(5)]
    received.append(["Hidden", "One", "Acme", "CTO", "Hidden text", "04/15/24, 09:25 PM", "HIDDEN"])
    files["Recommendations_Received.csv"] = csv_text(recommendation_header, received)
    files["Recommendations_Given.csv"] = csv_text(
        recommendation_header, [[f"G{n}", "Y", "Acme", "VP", "Good.", "04/15/24, 09:25 PM", "VISIBLE"] for n in range(3)]
    )
    files["Company Follows.csv"] = csv_text(
        ["Organization", "Followed On"], [[f"Company {n}", "Mon Apr 06 16:33:17 UTC 2026"] for n in range(12)]
    )
    files["Connections.csv"] = PREAMBLE + csv_text(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"], connections_rows()
    )
    files["Invitations.csv"] = csv_text(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"], invitation_rows()
    )
    files["Shares_123456.csv"] = csv_text(
        ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"],
        [
            [
                iso(when),
                f"https://www.linkedin.com/feed/update/urn:li:share:{n}",
                f"Post {n}\nsecond line, with a comma",
                "",
                "",
                "MEMBER_NETWORK",
            ]
            for n, when in enumerate(spread(24) + outside())
        ],
    )
    files["Comments.csv"] = comments_text(spread(36) + outside())
    files["Reactions.csv"] = csv_text(
        ["Date", "Type", "Link"],
        [[iso(when), "LIKE", f"https://www.linkedin.com/feed/update/urn:li:activity:{n}"] for n, when in enumerate(spread(60) + outside())],
    )
    files["SearchQueries.csv"] = csv_text(
        ["Time", "Search Query"], [[iso(when) + " UTC", "sales director utrecht"] for when in spread(18) + outside()]
    )
    files["messages.csv"] = csv_text(MESSAGE_HEADER, message_rows(sent=30, received=40))
    files["Rich_Media.csv"] = csv_text(
        ["Date/Time", "Media Description", "Media Link"],
        [
            ["You uploaded a photo on March 9, 2026 at 2:58 PM (GMT)", "Profile photo", "https://media.example/1"],
            ["You uploaded a document on March 10, 2026 at 9:00 AM (GMT)", "Featured: sales playbook", "https://media.example/2"],
            ["You uploaded a video on March 11, 2026 at 9:00 AM (GMT)", "Featured: webinar", "https://media.example/3"],
        ],
    )
    files["Articles/Articles/2025-11-02_social-selling-basics.html"] = "<html><body><h1>Social selling</h1></body></html>"
    files["Articles/Articles/2026-02-01_warm-introductions.html"] = "<html><body><h1>Introductions</h1></body></html>"
    files["Ad_Targeting.csv"] = csv_text(["Member Age", "Company Names"], [["30-40", "Contoso"]])
    return files


MESSAGE_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
]


def message_rows(sent: int, received: int) -> list[list[str]]:
    owner = " ".join(OWNER)
    rows = []
    for n, when in enumerate(spread(sent) + outside()):
        rows.append(
            [
                f"c-{n}",
                "",
                owner,
                OWNER_URL,
                f"Peer {n}",
                f"https://www.linkedin.com/in/peer-{n}",
                iso(when, 14) + " UTC",
                "",
                f"Hi Peer {n},\nthanks!",
                "INBOX",
            ]
        )
    for n, when in enumerate(spread(received)):
        rows.append(
            [
                f"c-{n}",
                "",
                f"Peer {n}",
                f"https://www.linkedin.com/in/peer-{n}",
                owner,
                OWNER_URL,
                iso(when, 10) + " UTC",
                "",
                "Hello",
                "INBOX",
            ]
        )
    rows.append(
        ["c-draft", "", owner, OWNER_URL, "Peer 1", "https://www.linkedin.com/in/peer-1", iso(day(50)) + " UTC", "", "draft", "DRAFT"]
    )
    return rows


def invitation_rows() -> list[list[str]]:
    owner = " ".join(OWNER)
    rows = []
    for n, when in enumerate(spread(20)):
        note = f'Hi {n}, we met at "Sales Day", Utrecht.\nLet\'s connect.' if n < 15 else ""
        # 12 of the 20 invitees are connections now (one address written with a trailing slash)
        invitee = (
            f"https://www.linkedin.com/in/person-{n * 10 + 1}" + ("/" if n == 0 else "")
            if n < 12
            else f"https://www.linkedin.com/in/stranger-{n}"
        )
        rows.append([owner, f"Invitee {n}", us_short(when), note, "OUTGOING", OWNER_URL, invitee])
    for n in range(5):
        rows.append([f"Inviter {n}", owner, us_short(day(n)), "", "INCOMING", f"https://www.linkedin.com/in/inviter-{n}", OWNER_URL])
    return rows


def comments_text(days: list[date]) -> str:
    """Comments.csv as LinkedIn writes it: quotes escaped with a backslash, no final newline."""
    lines = ["Date,Link,Message"]
    for n, when in enumerate(days):
        lines.append(f'{iso(when)},https://www.linkedin.com/feed/update/urn:li:activity:{n},"Great point, \\"{n}\\" indeed.\nSecond line"')
    return "\n".join(lines)


REALISTIC_FACTS = {
    "name": "Sanne de Vries",
    "industry": "Professional Training",
    "brand": {
        "headline": True,
        "about": True,
        "current_position": True,
        "past_positions": 3,
        "education": 2,
        "skills": 17,
        "media_items": 2,
        "endorsements": 37,
        "recommendations_received": 5,
        "recommendations_given": 3,
        "articles": 2,
    },
    "people": {"searches_per_week": 1.5, "days_active_per_week": 3.5},
    "insights": {
        "company_pages_followed": 12,
        "posts_per_week": 2.0,
        "reactions_given_per_week": 5.0,
        "comments_given_per_week": 3.0,
        "messages_sent_per_week": 2.5,
    },
    "relationships": {
        "connections": 400,
        "senior_connections": 40,
        "internal_connections": 16,
        "invitation_acceptance_rate": 0.6,
        "invitation_note_rate": 0.75,
    },
}


def basic_files() -> dict[str, str]:
    """A Basic archive: no Shares, Comments, Reactions, search history or endorsements."""
    full = realistic_files()
    keep = ("Profile.csv", "Positions.csv", "Education.csv", "Skills.csv", "Connections.csv", "Invitations.csv", "messages.csv")
    return {name: text for name, text in full.items() if name in keep}


def files_2018() -> dict[str, str]:
    """An archive in 2018's format: no Notes preamble and no URL column in Connections.csv,
    Invitations.csv without profile addresses."""
    rows = [
        [first, last, email, company, title, (date(2012, 1, 1) + timedelta(days=n * 5)).strftime("%d %b %Y") if connected else ""]
        for n, (first, last, _, email, company, title, connected) in enumerate(connections_rows())
    ]
    return {
        "Connections.csv": csv_text(["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"], rows),
        "Profile.csv": csv_text(
            ["First Name", "Last Name", "Maiden Name", "Headline", "Summary", "Industry"],
            [[*OWNER, "", "Sales Director at Contoso", "", "Sales"]],
        ),
        "Positions.csv": csv_text(
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            [["Contoso", "Sales Director", "", "Utrecht", "May 2016", ""], ["Fabrikam", "Account Manager", "", "", "2012", "2016"]],
        ),
        "Invitations.csv": csv_text(
            ["From", "To", "Sent At", "Message", "Direction"],
            [[" ".join(OWNER), f"Invitee {n}", f"{5 + n % 20:02d} Apr 2018", "Hello" if n % 2 else "", "OUTGOING"] for n in range(10)],
        ),
    }


def write_zip(target: Path, files: dict[str, str | bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """An archive of `files`: text written as UTF-8, bytes as they are."""
    with zipfile.ZipFile(target, "w", compression=compression) as archive:
        for name, text in files.items():
            archive.writestr(name, text if isinstance(text, bytes) else text.encode("utf-8"))
    return target


def write_folder(target: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return target


def large_files(connections: int = 30_000, reactions: int = 100_000, messages: int = 20_000) -> dict[str, str]:
    """The benchmark's archive: LinkedIn's connection cap, a heavy reactor and messager."""
    files = realistic_files()
    rows = []
    for i in range(connections):
        title = SENIOR_TITLES[i % 10] if i % 9 == 0 else REGULAR[i % len(REGULAR)]
        rows.append(
            [
                f"First{i}",
                f"Last{i}",
                f"https://www.linkedin.com/in/p-{i}",
                "",
                OTHER_COMPANIES[i % 5] + f" {i % 700}",
                f"{title} {i % 300}",
                "06 Apr 2026",
            ]
        )
    files["Connections.csv"] = PREAMBLE + csv_text(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"], rows
    )
    start = EXPORT_DAY - timedelta(days=800)
    files["Reactions.csv"] = csv_text(
        ["Date", "Type", "Link"],
        [
            [iso(start + timedelta(days=n % 800), n % 24), "LIKE", f"https://www.linkedin.com/feed/update/urn:li:activity:{n}"]
            for n in range(reactions)
        ],
    )
    half = messages // 2
    files["messages.csv"] = csv_text(MESSAGE_HEADER, message_rows(sent=half, received=messages - half))
    return files
