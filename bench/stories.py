"""News articles that read like a newsroom's, for ``bench/corpus.py --style stories``.

``bench/corpus.py``'s default style builds every article from six sentence templates with
a small vocabulary: a stress case for NL204's cross-file step (most paragraphs of the
corpus share MinHash bands with thousands of others), not what a newsroom writes. Here
each article is a story on one beat (council, courts, health, transport, schools,
business, weather, sport, culture) with its own place, organisation, subject and cast
of two people. A person is introduced by full name (the second with a role), then
named by surname or by a pronoun that agrees with them (she, he, they), as wire copy
does; quotes are attributed; paragraphs mix the beat's sentences with general ones, numbers, dates,
links and emphasis. Articles on one beat share phrases ("the council voted"), as real
ones do; two stories rarely share a paragraph's worth of them.
"""

from __future__ import annotations

import random

WOMEN = (
    "Maria Aisha Priya Olga Fatima Sofia Elena Yuki Ingrid Grace Nadia Hannah Leila Chloe "
    "Amara Rosa Mei Zainab Ana Freya Lucia Irene Joanna Keiko Marta Nia Selin Tamsin Vera "
    "Wanjiru Beatriz Claire Dana Esther Hilde Ines Julia Katarzyna Lena Noor"
).split()
MEN = (
    "James Tom Chen Diego Liam Kwame Marcus Omar Pavel Daniel Ahmed Bruno Carlos Dmitri "
    "Emeka Felix George Hamza Ivan Jonas Kenji Lucas Mateo Nikolai Oscar Rahul Samuel "
    "Tariq Viktor William Andrew Björn Callum Dario Elias Farid Gustavo Hugo Idris Jakob"
).split()
SURNAMES = (
    "Okafor Lindqvist Tanaka Moreau Haddad Novak Silva Brennan Kowalski Mensah Ortega "
    "Petrov Nakamura Fischer Reyes Adeyemi Costa Walsh Ibrahim Larsen Abara Bergstrom "
    "Castillo Duarte Eriksen Fontaine Gallagher Horvath Iqbal Jansen Kaur Lombardi "
    "Mahlangu Nilsson O'Brien Pereira Quinlan Rossi Sandoval Takahashi Uchenna Vasquez "
    "Whitfield Xu Yilmaz Zielinski Achterberg Barros Cho Delacroix Esposito Farrow Guerin "
    "Hollis Ivanova Jovanovic Kearney Lacroix McAllister Nwosu Oyelaran Pham Rahman "
    "Schulz Thorne Underwood Varga Wojcik"
).split()
PLACES = (
    "Port Elwood, Marrow Bay, Kestrel Falls, Dunmore, Halvik, Santo Rio, Eastgate, "
    "Wrenfield, Tolland, Abervale, Cindermoor, Larkhollow, Brightwater, Oakcombe, "
    "Fennick, Stoneleigh, Garrow, Millbrook, Ashcombe, Redhaven, Corrin Vale, Hythebury, "
    "Northfleet, Pellingham, Quarry Hill, Ravensby, Saltmarsh, Thornbury, Upwell, Westmere"
).split(", ")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Each beat: the organisations that act, what the story is about, people's roles, and
# sentences of the beat. Slots: {org} {place} {subject} {A} (the lead person: full name
# on first use, then surname) {a} (the lead's pronoun) {B} {b} (a second person) {n}
# {m} (numbers) {money} {pct} {day} {month} {year}.
BEATS: dict[str, dict[str, list[str]]] = {
    "council": {
        "org": [
            "the city council",
            "the county board",
            "the planning committee",
            "the town assembly",
            "the regional authority",
        ],
        "subject": [
            "the housing plan",
            "the parking levy",
            "a new library",
            "the riverside redevelopment",
            "the waste contract",
            "the budget for next year",
            "the bus lane scheme",
        ],
        "role": ["a councillor", "the council leader", "the mayor", "a planning officer"],
        "s": [
            "{org_} voted {n} to {m} on {day} to approve {subject}, ending months of argument.",
            "{A} said the vote showed that {org} was finally listening to residents of {place}.",
            "Opponents had collected more than {big} signatures against {subject} before the meeting.",
            "The proposal will now go to a second reading in {month}, when amendments can still be tabled.",
            "Under the plan, {pct} of the new homes would be offered at below market rents.",
            "{A} told the chamber that {a} had voted for the scheme only after changes to the design.",
            "Members spent almost {n} hours on the item, the longest debate of the session.",
            "Minutes published on {day} show that the finance committee had warned about the cost in {year}.",
        ],
    },
    "courts": {
        "org": ["the crown court", "the district court", "the court of appeal", "the magistrates"],
        "subject": [
            "the fraud case",
            "the arson trial",
            "the appeal over the warehouse fire",
            "the planning dispute",
            "the charity fraud inquiry",
        ],
        "role": ["a defence lawyer", "the prosecutor", "the judge", "a court clerk"],
        "s": [
            "{org_} heard on {day} that the defendant had moved {money} through three companies.",
            "{A}, for the prosecution, told the jury that the records had been altered after the fact.",
            "The trial, which began in {month}, is expected to last another {n} weeks.",
            "{A} asked the court to consider {a_pos} client's previous good character.",
            "Jurors were shown footage from the night of the fire, recorded by a neighbour in {place}.",
            "The judge adjourned the hearing until {day} so that a missing witness could be found.",
            "A verdict in {subject} is not expected before {month}.",
        ],
    },
    "health": {
        "org": [
            "the health ministry",
            "the regional hospital trust",
            "the public health agency",
            "the nursing council",
        ],
        "subject": [
            "waiting times for hip operations",
            "the new maternity unit",
            "the flu vaccination campaign",
            "ambulance response times",
            "the shortage of night nurses",
        ],
        "role": ["a consultant surgeon", "the chief nurse", "a hospital manager", "a GP"],
        "s": [
            "Figures from {org} show that {pct} of patients waited more than {n} weeks in {month}.",
            "{A}, who has worked at the hospital in {place} for {m} years, said staff were exhausted.",
            "The trust said it would open {n} extra beds before the winter.",
            "{A} said {a} had written to the minister twice about {subject} without an answer.",
            "A review published on {day} found that the unit had been understaffed since {year}.",
            "Patients' groups welcomed the announcement but said the money would not cover the gap.",
            "The agency urged people over {m} to book an appointment before the end of {month}.",
        ],
    },
    "transport": {
        "org": [
            "the transport board",
            "the rail operator",
            "the highways agency",
            "the port authority",
        ],
        "subject": [
            "the tram extension",
            "the closure of the ring road",
            "fares on the night buses",
            "the new ferry timetable",
            "repairs to the viaduct",
        ],
        "role": ["a commuter", "the operator's chief executive", "a union official", "an engineer"],
        "s": [
            "Services between {place} and the coast will be reduced from {day} while engineers inspect the line.",
            "{org_} said the work on {subject} would cost {money} and take until {month}.",
            "{A}, who travels to work in {place} every day, said the delays had cost {a_obj} a job offer.",
            "Passenger numbers have fallen by {pct} since fares rose in {year}.",
            "The union said its members would walk out for {n} days unless talks resumed.",
            "Replacement buses will run every {m} minutes, the operator said.",
            "{A} said the timetable had been drawn up without asking the people who use it.",
        ],
    },
    "schools": {
        "org": [
            "the school district",
            "the education board",
            "the governors",
            "the teachers' union",
        ],
        "subject": [
            "free school meals",
            "the merger of two primary schools",
            "the new exam timetable",
            "class sizes",
            "the repair of the sports hall",
        ],
        "role": ["a head teacher", "a parent", "a governor", "a maths teacher"],
        "s": [
            "Parents in {place} were told by letter on {day} that the two schools would merge in {month}.",
            "{A}, whose daughter is in year {n}, said families had been given no say.",
            "{org_} said falling rolls had left {pct} of places empty.",
            "{A} said {a} would rather keep a small school open than bus children across town.",
            "Inspectors rated the school good in {year}, praising its reading programme.",
            "The district plans to spend {money} on classrooms over the next {n} years.",
            "A consultation on {subject} closes at the end of {month}.",
        ],
    },
    "business": {
        "org": [
            "the chamber of commerce",
            "the brewery",
            "the shipyard",
            "the regional bank",
            "the software firm",
        ],
        "subject": [
            "the takeover bid",
            "job cuts at the plant",
            "the new distribution centre",
            "quarterly profits",
            "the pension dispute",
        ],
        "role": ["the managing director", "an analyst", "a shop steward", "the finance director"],
        "s": [
            "Shares rose {pct} in early trading after {org} reported results for the quarter.",
            "{A} said the company would keep its headquarters in {place} despite {subject}.",
            "About {big} people work at the site, making it the largest employer in the area.",
            "Analysts had expected revenue of {money}; the firm reported slightly less.",
            "{A} told staff on {day} that {a} expected the sale to be completed by {month}.",
            "The board will put the offer to shareholders at a meeting in {month}.",
            "Exports, which made up {pct} of sales in {year}, have been hit by higher shipping costs.",
        ],
    },
    "weather": {
        "org": ["the met office", "the flood agency", "the coastguard", "the fire service"],
        "subject": [
            "the storm",
            "flooding on the lower river",
            "the heatwave",
            "the first snow of the winter",
            "the drought order",
        ],
        "role": ["a farmer", "a forecaster", "a shop owner", "a volunteer"],
        "s": [
            "Gusts of up to {m} miles an hour were recorded on the coast near {place} overnight.",
            "{org_} issued {n} flood warnings on {day} and told residents to move valuables upstairs.",
            "{A}, who has farmed near {place} for {m} years, said {a} had never seen the river so high.",
            "More than {big} homes were without power at the height of {subject}.",
            "Forecasters expect the rain to ease by {day}, though the ground will stay saturated.",
            "The last comparable event, in {year}, closed the bridge for a week.",
            "Volunteers filled sandbags at the community hall until after midnight.",
        ],
    },
    "sport": {
        "org": [
            "the football club",
            "the rugby union",
            "the athletics federation",
            "the cricket board",
        ],
        "subject": [
            "the cup final",
            "the new stadium",
            "the relegation fight",
            "the season opener",
            "the transfer window",
        ],
        "role": ["the head coach", "the captain", "a supporter", "the club's chair"],
        "s": [
            "{place} won {n}-{m} on {day}, their first away win since {month}.",
            "{A} scored twice in the second half as the visitors tired.",
            "{A} said {a} felt proud of a squad that had been written off before {subject}.",
            "A crowd of {big} watched the match, the largest at the ground this season.",
            "{org_} confirmed that {subject} would go ahead despite the weather.",
            "The side sits {n} points clear with {m} games to play.",
            "Ticket prices for {subject} rose by {pct} compared with {year}.",
        ],
    },
    "culture": {
        "org": [
            "the city museum",
            "the arts council",
            "the theatre trust",
            "the festival committee",
        ],
        "subject": [
            "the summer festival",
            "the new gallery wing",
            "the restoration of the opera house",
            "the book prize",
            "the film season",
        ],
        "role": ["the director", "a curator", "the novelist", "a local artist"],
        "s": [
            "{org_} said {subject} had drawn {big} visitors in its first {n} weeks.",
            "{A} said the programme was meant for people who had never set foot in a gallery.",
            "The collection includes {n} paintings lent by families in {place}.",
            "{A} told reporters that {a} had spent {m} years on the book.",
            "Tickets for the opening night sold out within {m} minutes.",
            "Funding from {org} fell by {pct} in {year}, forcing the trust to cut its touring programme.",
            "The exhibition runs until {month} and entry is free on {day}s.",
        ],
    },
}

GENERAL = [
    "{B}, {role_b}, said {b} expected more details to be published next week.",
    "“We have been asking for this since {year},” said {B}. “Nobody can say they were not warned.”",
    "“It is not perfect, but it is a start,” said {A}.",
    "{B} disagreed. “The people of {place} deserve better than this,” {b} said.",
    "Asked about {subject}, {A} said {a} would not comment until the report was published.",
    "A spokesperson for {org} said the figures would be reviewed in {month}.",
    "The full report is [available on the council website](https://example.org/reports/{n}{m}).",
    "Residents can comment until {day} {dom} {month}.",
    "It is the {ordinal} time this year that {subject} has been raised.",
    "**Update, {day}:** this article was updated with a response from {org}.",
    "{B} said {b} had heard about the decision from a neighbour, not from {org}.",
    "According to {org}, the change will affect about {big} people.",
    "“There is still time to get this right,” added {B}.",
    "The figures have not been independently checked.",
]

ORDINALS = "second third fourth fifth sixth".split()

# Sentences made of parts, for variety: who acts, what they did (by beat), why or despite
# what, and when; what people think.
ACTS = {
    "council": "approved the revised plan|delayed a decision on the contract|rejected the amendment|asked officers for a new costing|published the list of sites|agreed to extend the consultation|cut the grant to the youth centre|froze the rent increase|ordered an audit of the scheme|backed the proposal in principle",
    "courts": "adjourned the case|refused bail|heard evidence from the accountant|ruled the recording admissible|dismissed the appeal|ordered a retrial|imposed a suspended sentence|granted an injunction|reserved judgment|rejected the application",
    "health": "closed the ward to new admissions|recruited agency nurses|extended clinic hours|postponed routine operations|opened a walk-in centre|missed its waiting-time target|launched a recruitment drive|cut the backlog by a fifth|moved patients to a private clinic|suspended visiting",
    "transport": "cancelled the evening services|raised off-peak fares|reopened the station|postponed the resurfacing|added carriages to the morning trains|closed the bridge to lorries|signed a new maintenance contract|published the revised timetable|suspended the ferry|lowered the speed limit",
    "schools": "closed the sports hall|hired two new teachers|published the admissions figures|postponed the merger|extended the breakfast club|cut the music budget|reopened the library|changed the catchment area|replaced the heating system|ended the uniform rule",
    "business": "announced a share buyback|cut its profit forecast|opened a second warehouse|froze hiring|raised its dividend|sold the logistics arm|delayed the factory upgrade|settled the pension claim|signed a supply deal|moved production abroad",
    "weather": "closed the coast road|opened an emergency shelter|issued a red warning|evacuated the caravan park|cleared the blocked culverts|lifted the hosepipe ban|gritted the main roads|sent crews to the estuary|closed the schools early|rescued a stranded walker",
    "sport": "sacked the manager|signed a new striker|sold out the away allocation|appealed the red card|renewed the sponsorship deal|fined the club|postponed the fixture|unveiled the new kit|extended the coach's contract|banned the supporter",
    "culture": "extended the exhibition|cancelled the opening gala|bought the painting at auction|cut the ticket prices|announced the shortlist|closed the east wing for repairs|commissioned a new mural|lost its main sponsor|doubled the festival budget|reopened the cinema",
}
WHY = (
    "after a public consultation|despite objections from residents|because of rising costs|"
    "following a complaint from a neighbour|under pressure from the unions|without a vote|"
    "to save an estimated {money}|at the request of the minister|after an independent review|"
    "in response to falling numbers|for the first time in {n} years|on the advice of its lawyers|"
    "after a tense meeting|against the recommendation of its own officers|while the inquiry continues"
).split("|")
WHEN = (
    "on {day}|last week|earlier this month|in {month}|on {day} evening|late on {day}|"
    "this week|at the end of {month}|over the weekend|in the summer of {year}"
).split("|")
THINKS = (
    "was disappointed by the outcome|hoped the plan would be revised|had warned about this for years|"
    "welcomed the decision|would ask for the figures to be published|did not expect the change to last|"
    "was still waiting for an answer|believed the cost had been underestimated|"
    "thought the timing was a mistake|would raise the issue at the next meeting|"
    "had been told nothing in advance|was confident the money would be found|"
    "feared the worst for the families involved|saw no reason to change course|"
    "wanted an apology from the organisers"
).split("|")


def _made(r: random.Random, beat: str) -> str:
    """A sentence made of parts (slots as in ``BEATS``)."""
    act = r.choice(ACTS[beat].split("|"))
    why, when = r.choice(WHY), r.choice(WHEN)
    form = r.randrange(5)
    if form == 0:
        return f"{{org_}} {act} {why} {when}."
    if form == 1:
        return f"{when[0].upper()}{when[1:]}, {{org}} {act} {why}."
    if form == 2:
        return f"{{A}} said {{a}} {r.choice(THINKS)}."
    if form == 3:
        return f"{{B}} said {{b}} {r.choice(THINKS)} after {{org}} {act}."
    return f"{{org_}} {act} {when}, {why}."


class Person:
    """One of a story's cast: full name on first mention, surname after."""

    def __init__(self, r: random.Random, role: str) -> None:
        self.sex = r.choice("ffmmx")
        first = r.choice(WOMEN if self.sex == "f" else MEN if self.sex == "m" else WOMEN + MEN)
        self.first, self.last = first, r.choice(SURNAMES)
        self.role = role
        self.named = False

    def mention(self) -> str:
        if self.named:
            return self.last
        self.named = True
        return f"{self.first} {self.last}"

    @property
    def pron(self) -> str:
        return {"f": "she", "m": "he", "x": "they"}[self.sex]

    @property
    def obj(self) -> str:
        return {"f": "her", "m": "him", "x": "them"}[self.sex]

    @property
    def pos(self) -> str:
        return {"f": "her", "m": "his", "x": "their"}[self.sex]


def _fill(r: random.Random, template: str, story: dict, lead: Person, other: Person) -> str:
    values = {
        "org_": story["org"][0].upper() + story["org"][1:],
        "org": story["org"],
        "place": story["place"],
        "subject": story["subject"],
        "n": str(r.randint(2, 12)),
        "m": str(r.randint(3, 40)),
        "big": f"{r.randint(2, 95) * 100:,}",
        "money": f"{r.randint(2, 900)}.{r.randint(1, 9)} million",
        "pct": f"{r.randint(3, 60)} percent",
        "day": r.choice(DAYS),
        "dom": str(r.randint(1, 28)),
        "month": r.choice(MONTHS),
        "year": str(r.randint(2009, 2024)),
        "ordinal": r.choice(ORDINALS),
        "role_b": other.role,
        "a_pos": lead.pos,
        "a_obj": lead.obj,
        "a": lead.pron,
        "b": other.pron,
    }
    out = template
    for slot, value in values.items():
        out = out.replace("{" + slot + "}", value)
    # people in the order the sentence names them: the first mention is the full name
    for key, person in (("{A}", lead), ("{B}", other)):
        while key in out:
            out = out.replace(key, person.mention(), 1)
    if out[0].islower():  # a pronoun opening the sentence
        out = out[0].upper() + out[1:]
    return out


def story(
    r: random.Random, paragraphs: tuple[int, int] = (5, 16)
) -> tuple[str, list[str], str, list[str]]:
    """A headline, paragraphs, the beat and the tags of one story: the lead paragraph and
    ``paragraphs`` (MIN, MAX) more."""
    beat = r.choice(sorted(BEATS))
    b = BEATS[beat]
    st = {"org": r.choice(b["org"]), "place": r.choice(PLACES), "subject": r.choice(b["subject"])}
    roles = r.sample(b["role"], 2)
    lead, other = Person(r, roles[0]), Person(r, roles[1])
    headline = f"{st['place']}: {st['subject'][0].upper()}{st['subject'][1:]} — {r.choice(['what happens next', 'the vote', 'reaction', 'a closer look', 'the figures'])}"
    pool = [*b["s"], *GENERAL[1:]]
    r.shuffle(pool)  # each sentence of the beat and the general ones at most once
    seen: set[str] = set()

    def next_sentence() -> str:
        while True:
            t = pool.pop() if pool and r.random() < 0.4 else _made(r, beat)
            if "{B}" in t and not other.named:
                t = GENERAL[0]  # the second person is introduced with their role
            out = _fill(r, t, st, lead, other)
            if out not in seen:
                seen.add(out)
                return out

    paras: list[str] = []
    # the lead paragraph introduces the lead person with a sentence of the beat that
    # names them
    opening = [s for s in b["s"] if "{A}" in s]
    first = _fill(r, r.choice(opening), st, lead, other)
    paras.append(first + " " + next_sentence())
    for _ in range(r.randint(*paragraphs)):
        paras.append(" ".join(next_sentence() for _ in range(r.randint(2, 5))))
    return headline, paras, beat, [beat, st["place"].lower().replace(" ", "-")]
