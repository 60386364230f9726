"""Read a pitch the way a networking coach does: into slots, each with a verdict.

A pitch is read into six slots: **speaker** (name, title, employer), **audience** (whom they
help), **problem** (a problem or result that belongs to the client), **offer** (what they do),
**proof** (an example, a number, a credential) and **ask** (what a good introduction looks like).
Each slot keeps the words that filled it (`Read`: text and position) and gets a verdict:
`present`, `vague` or `missing`. The pitch-* rules are verdicts on these slots (pitch.py turns
them into findings), and `plainnet pitch` prints them, so a user can see why the coach said what
it said.

The reader looks at sentences and clauses, not at single keywords: who does what to whom. An
audience is a noun phrase naming a kind of person or organisation in a place that names a client
("I help …", "… for independent architects", "If you run a restaurant", "Dentists call me when",
"I show new landlords how to"), never the speaker's own employer. It is vague when its head is
generic ("businesses", "anyone") and nothing narrows it by trade, size, place, stage or
situation. A result counts when it is attached to the client (they, you, their …, "so that",
"without", "instead of"), not when it is the speaker's biography. Pure functions; no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from plainnet.rules import phrases as _p
from plainnet.rules.pitch_text import PlainText, plain_text
from plainnet.rules.wordlists import WordLists

_MAX_SENTENCES = 200
_MAX_TOKENS = 120
SLOTS = ("speaker", "audience", "problem", "offer", "proof", "ask")


@dataclass
class Read:
    """Words read into a slot: plain-text span [start, end), and what they were taken for."""

    text: str
    start: int
    end: int
    note: str = ""


@dataclass
class Slot:
    name: str
    verdict: str = "missing"  # present, vague, missing
    reads: list[Read] = field(default_factory=list)
    source: str = "text"  # or "front matter"
    why: str = ""


@dataclass
class Reading:
    """A pitch as read: its plain text, sentences and slots, and what the rules need."""

    plain: PlainText
    sentences: list
    slots: dict[str, Slot]
    vague: list[tuple[Read, str, str]] = field(default_factory=list)  # (read, kind, reason)
    employer: list[Read] = field(default_factory=list)
    placeholders: list[tuple[int, str]] = field(default_factory=list)  # (source offset, text)
    acronyms: list[Read] = field(default_factory=list)
    jargon: list[Read] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# words
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[£$€]?\d(?:[\d,.]*\d)?%?|[^\W_](?:[\w'’&]*[^\W_])?(?:-[^\W_](?:[\w'’&]*[^\W_])?)*")


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    raw: str
    low: str


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        raw = m.group(0)
        out.append(Tok(m.start(), m.end(), raw, raw.replace("’", "'").lower()))
    return out


_GENERIC = {"people", "persons", "person", "individuals", "individual", "folks", "clients", "client",
            "customers", "customer", "businesses", "business", "companies", "company",
            "organisations", "organizations", "organisation", "organization", "firms", "firm",
            "brands", "brand", "entrepreneurs", "smes", "sme", "smbs", "smb", "teams", "team",
            "owners", "owner", "professionals", "users", "members", "anyone", "everyone",
            "businessowners"}
_VAGUE_MODS = {"all", "any", "every", "many", "most", "some", "other", "others", "various", "different",
               "kinds", "kind", "types", "type", "sorts", "sort", "lots", "lot", "great", "good",
               "ambitious", "forward-thinking", "like-minded", "successful", "motivated", "serious",
               "growing", "busy", "innovative", "progressive", "amazing", "savvy", "modern", "driven",
               "the", "a", "an", "our", "my", "your", "their", "these", "those", "such", "more",
               "as", "possible", "of", "and", "or", "both", "real", "wonderful", "fantastic",
               "interesting", "inspiring", "passionate", "exciting", "happy", "lovely", "nice",
               "established", "existing", "potential", "prospective", "business", "ideal",
               "right", "perfect", "best", "dream", "target", "new-ish", "certain", "just"}
_DETERMINERS = {"a", "an", "the", "any", "all", "every", "each", "some", "many", "most", "more",
                "other", "these", "those", "this", "that", "my", "our", "your", "their", "his", "her"}
_FUNCTION = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "who",
    "whom", "whose", "that", "which", "is", "are", "was", "were", "be", "been", "being", "am",
    "'s", "'re", "has", "have", "had", "do", "does", "did", "it", "its", "they", "them", "their",
    "you", "your", "i", "me", "my", "we", "us", "our", "he", "she", "his", "her", "this", "these",
    "those", "there", "here", "what", "as", "so", "if", "but", "not", "no", "just", "really",
    "very", "also", "about", "can", "could", "would", "will", "should", "may", "might", "know",
    "else", "all", "any", "some", "every", "one", "who's", "they're", "you're", "it's", "might",
    "perhaps", "maybe", "bit", "little", "else", "etc", "like", "how", "when", "where", "why",
}
#: words a qualifier may hold without narrowing anything
_EMPTY = {"thinking", "considering", "hiring", "drives", "drive", "driving", "feel", "feels",
          "feeling", "stuck", "help", "helping", "work", "working", "works", "things", "thing",
          "stuff", "money", "budget", "future", "life", "time", "anything", "something",
          "better", "bigger", "grow", "growing", "succeed", "success", "successful", "business",
          "businesses", "interested", "shares", "share", "passion", "need", "needs", "want",
          "wants", "use", "using", "looking", "ready", "keen", "open", "done", "get", "got",
          "make", "makes", "go", "going", "come", "best", "version", "themselves", "yourself",
          "move", "moving", "forward", "potential", "next", "level", "mind", "pay", "afford",
          "hire", "sizes", "size", "kinds", "ages", "sectors", "industries", "walks", "range",
          "wide", "world", "country", "globe", "everywhere", "anywhere", "well", "lot", "lots",
          "new", "website", "websites", "haircut", "car", "cars", "support", "advice", "people",
          "someone", "anyone", "everyone", "ambitious", "more", "most", "much", "many",
          "clients", "customers", "sales", "matter", "matters", "printed", "sorted", "fixed",
          "possible", "can", "things", "shares", "similar", "same"}
_NEED = re.compile(
    r"^(?:who|that|which)?\s*(?:is|are|'s|'re|might|may|could|would|will)?\s*(?:really\s+|still\s+|also\s+)?"
    r"(?:need|needs|needing|require|requires|requiring|looking for|interested in|could use|"
    r"could do with|has the money|have the money|has money|have money|can afford|can pay|"
    r"is hiring|are hiring|hiring|feel stuck|feels stuck|are ready|is ready|serious about)\b")
_WANT = re.compile(
    r"^(?:who|that|which)?\s*(?:is|are|'s|'re|might|may|could|would|will)?\s*(?:really\s+|still\s+|also\s+)?"
    r"(?:want|wants|wanting|would like|'d like|wish|wishes|hope|hopes|hoping|aspire|aspiring|"
    r"ready|keen)\s+(?:to\s+)?(.*)$")
_GOALS = {"grow", "growing", "growth", "succeed", "success", "successful", "fit", "fitter", "more",
          "money", "clients", "customers", "sales", "better", "best", "improve", "level", "next",
          "scale", "profit", "profits", "revenue", "results", "happy", "happier", "healthy",
          "healthier", "win", "thrive", "forward", "potential", "big", "bigger", "rich", "richer",
          "get", "make", "be", "become", "take", "achieve", "reach", "goals", "dreams", "life",
          "lives", "business", "businesses", "brand", "stand", "out", "difference", "change",
          "started", "start", "ahead", "shape", "in", "on", "up", "online", "presence",
          "transform", "their", "your", "the", "a", "an", "to", "and", "of", "boost", "increase",
          "know", "learn", "understand", "website", "new", "work", "feel", "look", "good", "great"}
_QUAL_OPEN = {"who", "whom", "whose", "that", "which", "with", "in", "at", "from", "on", "under",
              "over", "within", "near", "across", "between", "aged", "based", "like", "such",
              "where", "running", "looking", "planning", "opening", "starting", "selling",
              "buying", "moving", "hiring", "facing", "needing", "owning", "building", "launching",
              "going", "trying", "wanting", "outside", "inside", "around", "of", "whose", "in",
              "doing", "using", "working", "leaving", "returning", "recovering", "living",
              "thinking", "struggling", "coming", "juggling", "approaching", "nearing", "about"}
#: a word that ends a noun phrase (a clause starts)
_NP_STOP = {"so", "because", "but", "when", "while", "if", "by", "to", "through", "then", "than",
            "get", "gets", "find", "plan", "keep", "stop", "cut", "save", "turn", "grow", "make",
            "sell", "ship", "win", "run", "reach", "become", "take", "achieve", "avoid", "lose",
            "before", "after", "until", "without", "instead", "since", "i", "we", "i'm", "we're",
            "i've", "we've", "i'd", "we'd", "i'll", "we'll", "and", "or", "via", "every", "each",
            "into", "unlock", "move", "focus", "stay", "spend", "pay", "build", "launch", "hire",
            "set", "put", "write", "produce", "create", "deliver", "improve", "transform", "drive",
            "feel", "look", "be", "do", "go", "see", "know", "need", "want", "understand", "know",
            "prepare", "manage", "navigate", "protect", "prevent", "handle", "sort", "fix", "fill",
            "how", "what", "why", "where", "thrive", "succeed", "with"}
_PRONOUNS = {"i", "we", "you", "they", "he", "she", "it", "i'm", "we're", "you're", "they're",
             "i've", "we've", "i'd", "we'd", "i'll", "we'll", "then", "so", "that", "this", "there"}


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


@lru_cache(maxsize=64)
def _nouns(entries: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for e in entries:
        e = e.lower().replace("’", "'")
        last = e.split()[-1] if e.split() else e
        out.update({last, _singular(last)})
    return frozenset(out)


_PERSON_SUFFIX = re.compile(r"(?:ists?|ians?|eers?|ors?|ers?)$")
_NOT_PERSON = {"others", "other", "papers", "paper", "computers", "computer", "orders", "order",
               "letters", "letter", "numbers", "number", "layers", "filters", "matters", "matter",
               "chapters", "posters", "flyers", "banners", "stickers", "covers", "folders",
               "hours", "hour", "floors", "doors", "colours", "errors", "sectors", "sector",
               "factors", "center", "centre", "centers", "water", "winter", "summer", "never",
               "however", "after", "under", "over", "together", "rather", "either", "whether",
               "ever", "later", "better", "bigger", "faster", "easier", "cheaper", "offer",
               "offers", "answer", "answers", "power", "powers", "river", "tower", "paper",
               "mirror", "mirrors", "flavour", "labour", "favour", "tour", "tours", "meters",
               "corner", "border", "member", "dinner", "register", "minister", "monster",
               "counter", "trailer", "server", "servers", "browser", "printer", "printers",
               "timber", "lumber", "rubber", "leather", "weather", "feather", "cancer", "disorder",
               "disorders", "monitors", "motors", "motor", "calculator", "elevator", "generator",
               "doctor", "tractor", "tractors", "editor", "character", "characters", "neither",
               "further", "whatever", "wherever", "whoever", "another", "proper", "clever",
               "super", "cover", "ever", "per", "her", "our", "your", "their", "four", "for",
               "hers", "ours", "yours", "theirs", "upper", "lower", "inner", "outer", "after",
               "anchor", "error", "major", "minor", "senior", "junior", "interior", "exterior",
               "prior", "superior", "indicator", "indicators", "door", "floor", "poor", "spider",
               "christian", "median", "asian", "guardian", "indian", "canadian", "italian",
               "vegetarian", "civilian", "tender", "tenders", "gender", "remainder", "reminder",
               "reminders", "chamber", "november", "december", "october", "september", "letter",
               "lawnmower", "container", "containers", "sticker", "blender", "heater", "heaters",
               "boiler", "boilers", "cooler", "freezer", "freezers", "trainer's", "spreadsheets"}


class _Lex:
    """The vault's word lists, as the sets the reader needs."""

    def __init__(self, words: WordLists):
        self.words = words
        self.nouns = _nouns(tuple(words.audience_nouns))
        single = {e.lower() for e in words.vague_clients if " " not in e.strip()}
        self.catch_heads = frozenset(single)
        self.catch_phrases = tuple(e for e in words.vague_clients if " " in e.strip())

    def party(self, low: str, loose: bool = False) -> bool:
        """A kind of person or organisation: "dentists", "practice", "owners"."""
        w = low.strip("'")
        if w in self.nouns or _singular(w) in self.nouns or w in _GENERIC or w in self.catch_heads:
            return True
        if "-" in w and _singular(w.split("-")[-1]) in self.nouns:  # the set holds each noun's singular
            return True
        return loose and len(w) > 4 and w not in _NOT_PERSON and bool(_PERSON_SUFFIX.search(w)) \
            and not w.endswith(("ever", "ther"))


# ---------------------------------------------------------------------------------------------
# sentences and clauses
# ---------------------------------------------------------------------------------------------

class _Text:
    """The plain text with its sentences, tokens and per-sentence helpers."""

    def __init__(self, plain: PlainText):
        self.text = plain.text
        self.norm = self.text.replace("’", "'").replace("‘", "'")
        self.low = self.norm.lower()
        self.sentences = _p._sentences(self.text, plain.breaks)
        self.toks = [_tokens(self.text, s.start, s.end) for s in self.sentences]

    def gap(self, a: Tok, b: Tok) -> str:
        """The characters between two tokens (punctuation and spaces)."""
        return self.text[a.end:b.start]


_BREAK_GAP = re.compile(r"[,;:!?()\[\]—–\"“”]|\.\s|\s-\s")


_WANTING = {"want", "wants", "need", "needs", "like", "wish", "wishes", "hope", "hopes", "aspire", "ready", "keen"}


def _np(tx: _Text, toks: list[Tok], i: int, lex: _Lex, max_len: int = 16) -> list[Tok]:
    """The noun phrase starting at toks[i]: up to punctuation or a word that starts a clause.
    Qualifiers (who …, with …, in …) stay in it; "and"/"or" join two nouns ("plumbers and
    electricians")."""
    out: list[Tok] = []
    j = i
    in_qual = False
    while j < len(toks) and len(out) < max_len:
        t = toks[j]
        if out and _BREAK_GAP.search(tx.gap(out[-1], t)):
            break
        w = t.low
        if w in ("and", "or") and out:  # a lone "&" is no token
            nxt = toks[j + 1].low if j + 1 < len(toks) else ""
            if nxt in _PRONOUNS or nxt in _NP_STOP or not nxt:
                break
            out.append(t)
            j += 1
            continue
        if w == "you" and out and j + 1 < len(toks) and toks[j + 1].low in ("know", "may", "might"):
            # "anyone you know who …", "anyone you may know": a filler, not a clause ("you meet",
            # "you can think of" read the same word by word)
            while j < len(toks) and toks[j].low in ("you", "know", "may", "might"):
                out.append(toks[j])
                j += 1
            continue
        if not in_qual and w in _NP_STOP and out:
            if w == "with" or w == "every":
                in_qual = True
            else:
                break
        elif in_qual and w == "to" and not out[-1].low.endswith("ing") and out[-1].low not in _WANTING and not (
                j + 1 < len(toks) and (toks[j + 1].low in _DETERMINERS or lex.party(toks[j + 1].low))) and not (j + 1 < len(toks) and re.match(r"\d|one|two|three|four|five|ten|twenty|fifty|hundred", toks[j + 1].low)) \
                and not any(x.low == "from" for x in out[-4:]) and not out[-1].low[:1].isdigit():
            break  # "firms across the UK to cut …": the purpose starts
        elif in_qual and w in ("so", "because", "but", "while", "then", "instead", "without", "when",
                               "i", "we", "i'm", "we're", "if", "until", "before", "after"):
            break
        elif w in _QUAL_OPEN and out:
            in_qual = True
        elif in_qual and out and out[-1].raw[:1].isupper() and out[-1].low not in ("i",) \
                and not t.raw[:1].isupper() and w not in _QUAL_OPEN and not w.isdigit() \
                and len(out) > 1 and out[-2].low in ("in", "at", "from", "across", "near", "around", "of"):
            break  # "GP practices in Wales design …": the place ends the phrase
        out.append(t)
        j += 1
    while out and out[-1].low in ("and", "or", "the", "a", "an", "of", "to", "who", "that", "in", "with", "at",
                                  "on", "for", "from", "by"):  # "landlords in, um, …": a quote ends on a word
        out.pop()
    return out


def _head(np: list[Tok], lex: _Lex, loose: bool, how: str = "") -> int | None:
    """Index in np of the first word naming a kind of person or organisation, before any
    qualifier opener; None when there is none."""
    for k, t in enumerate(np):
        if k and t.low in _QUAL_OPEN and not (t.low == "of" and np[k - 1].low in _QUANTITY):
            break
        if t.low in _FUNCTION:
            continue
        if t.raw[:1].isupper() and k and not t.raw.isupper() and not lex.party(t.low):
            continue  # a proper name as a modifier: "German companies"
        if lex.party(t.low, loose):
            # prefer the last noun of a compound: "practice owners", "restaurant groups"
            while k + 1 < len(np) and np[k + 1].low not in _QUAL_OPEN and lex.party(np[k + 1].low, loose):
                k += 1
            return k
    if how in ("object", "for", "help"):
        # "the defences of regional banks", "heat pumps in housing association homes"
        for k, t in enumerate(np):
            prep = next((np[i].low for i in range(k - 1, max(-1, k - 4), -1)
                         if np[i].low in ("of", "for", "at", "on") or (np[i].low == "in" and i <= 4)), None)
            if k and prep and lex.party(t.low) \
                    and not (t.raw[:1].isupper() and not t.raw.isupper()):
                while k + 1 < len(np) and np[k + 1].low not in _QUAL_OPEN and lex.party(np[k + 1].low):
                    k += 1
                return k
    if how == "help":
        # "I help MATs …", "we help florists": the first word after the lead-in, if plural
        for k, t in enumerate(np[:3]):
            if t.low in _FUNCTION or t.low in _VAGUE_MODS:
                continue
            if t.low.endswith("s") and not t.low.endswith("ss") or re.fullmatch(r"[A-Z]{2,}s?", t.raw):
                return k
            break
    return None


#: organisations a job seeker may name as the employer they want to work for
_ORGS = {"company", "firm", "team", "startup", "start-up", "agency", "business", "organisation",
         "organization", "hospital", "school", "charity", "trust", "council", "practice", "studio",
         "lab", "laboratory", "bank", "insurer", "lender", "retailer", "manufacturer", "fund",
         "group", "chain", "brand", "publisher", "university", "college", "nursery", "ward",
         "department", "consultancy", "contractor", "developer", "housebuilder", "association",
         "club", "museum", "gallery", "library", "hotel", "restaurant", "clinic", "surgery"}
_ROLES = {"professional", "graduate", "specialist", "expert", "leader", "executive", "consultant",
          "accountant", "assistant", "analyst", "engineer", "architect", "founder", "co-founder"}
#: the speaker's own people: "our staff", "my partners" are not clients
_OWN = {"staff", "employees", "colleagues", "partners", "founders", "directors", "team", "teams",
        "kids", "children", "family", "friends", "volunteers", "members", "people", "engineers",
        "designers", "developers", "consultants", "trainers", "coaches", "nurses", "installers"}
_ASK_VERBS = {"meet", "talk", "speak", "chat", "hear", "connect", "introduced", "introduce",
              "introduction", "introductions", "referral", "referrals", "refer", "know", "find",
              "compare", "notes", "get", "put", "touch", "be", "is", "would", "with", "to", "from",
              "me", "us", "for", "at", "really", "love", "like", "grateful", "welcome", "an"}
_QUANTITY = {"kinds", "kind", "types", "type", "sorts", "sort", "lots", "lot", "range", "variety",
             "number", "couple", "handful", "all", "many", "some", "most", "any", "plenty", "loads",
             "host", "mix", "array", "none", "each", "one", "both"}


@dataclass
class _Cand:
    """A noun phrase read as an audience (or an ask's target)."""

    np: list[Tok]
    head: int
    how: str  # what put it there: "help", "for", "if-you", "subject", "object", "job", "ask"
    kind: str = "client"  # "client" or "ask"


def _judge(tx: _Text, np: list[Tok], h: int, lex: _Lex) -> str | None:
    """Why a noun phrase (np, its head at h) is vague, or None when it names a kind of client."""
    head = np[h]
    phrase = tx.text[np[0].start:np[-1].end]
    catch = [p for p in lex.catch_phrases if _p._find(phrase, (p,))]  # _find folds case and quotes
    pre = False  # a word before the head that narrows it: "dental practices", not "all kinds of"
    for t in reversed(np[:h]):
        if t.low in _FUNCTION or t.low in _PRONOUNS:
            break
        if t.low not in _VAGUE_MODS:
            pre = True
            break
    post = np[h + 1:]
    post_text = tx.low[post[0].start:post[-1].end] if post else ""
    for p in catch:
        post_text = post_text.replace(p.lower(), " ")
    generic = head.low in _GENERIC or _singular(head.low) in _GENERIC
    catch_head = head.low in lex.catch_heads
    needy = bool(post and _NEED.match(post_text.strip()))
    # what the qualifier says, with fillers ("you know", "in your network") and empty words out
    content = [w for w in re.findall(r"[\w'&-]+", post_text)
               if w not in _FUNCTION and w not in _EMPTY and w not in ("network", "contacts", "met")
               and w not in _GENERIC and w not in lex.catch_heads]
    strong = [w for w in content if lex.party(w) or w[:1].isdigit()] + \
             [t.raw for t in post if t.raw[:1].isupper() and t.low not in _FUNCTION
              and re.search(r"\b" + re.escape(t.low) + r"\b", post_text)]
    wanted = _WANT.match(post_text.strip())
    if wanted and not needy:
        goal = [w for w in re.findall(r"[\w'&-]+", wanted.group(1)) if w not in _GOALS and w not in _FUNCTION]
        needy = not goal
        content = goal
    if needy and (generic or catch_head) and not pre:
        what = "needing what you sell" if not re.search(r"grow|succe|money|budget|afford", post_text) \
            else "wanting money or success"
        return f"{_q(phrase)} narrows nobody down: {what} is not a kind of client"
    if catch and not pre and not strong and not content:
        return f"{_q(phrase)} is everyone: name one kind"
    if catch_head:
        if strong or len(content) >= 2:
            return None
        return f"{_q(phrase)} is not someone a listener can picture: name one kind"
    if generic:
        if pre or content:
            return None
        which = head.raw if re.fullmatch(r"[A-Z]{2,}s?", head.raw) else head.raw.lower()  # "SMEs", "firms"
        return f"{_q(phrase)} could be anyone: say which {which} (trade, size, place, situation)"
    return None


def _q(s: str, n: int = 48) -> str:
    """“s”, shortened at a word past its middle to about n characters (the whole of it if shorter)."""
    s = " ".join(s.split())
    if len(s) > n:
        cut = s.rfind(" ", 0, n)
        s = (s[:cut] if cut > n // 2 else s[:n]).rstrip(" ,;:") + " …"
    return "“" + s + "”"


# ---------------------------------------------------------------------------------------------
# slot readers
# ---------------------------------------------------------------------------------------------

_HELP_VERBS = re.compile(
    r"\b(?:help|helps|helping|helped|work with|works with|working with|worked with|"
    r"work mostly with|work mainly with|work only with|work closely with|serve|serves|serving|"
    r"support|supports|supporting|coach|coaches|coaching|advise|advises|advising|train|trains|"
    r"training|teach|teaches|teaching|mentor|mentors|look after|looks after|looking after|"
    r"represent|represents|partner with|partners with|specialise in|specialize in|"
    r"specialise in working with|specialize in working with|treat|treats|insure|insures|"
    r"guide|guides|equip|equips|show|shows|walk|walks|place|places|recruit for|cater for|"
    r"protect|protects|prepare|prepares|visit|visits|care for|cares for|sell to|sells to|"
    r"photograph|photographs|rescue|rescues|invest in|invests in|back|backs|fund|funds|empower|empowers|empowering|enable|enables|focus on|focusing on|concentrate on|concentrating on)\s+(?:mostly\s+|mainly\s+|only\s+|primarily\s+|"
    r"especially\s+|exclusively\s+)?", re.I)
_FIRST = re.compile(r"\b(?:i|we|i'm|we're|i am|we are|i've|we've|i'll|we'll|my team|our team|"
                    r"my company|our company|my firm|our firm|my business|our business|our app|"
                    r"our software|our product|our tool|our platform|our charity|our service|"
                    r"it)\b", re.I)
_NOT_AFTER_FOR = {"me", "us", "you", "example", "instance", "free", "years", "year", "months",
                  "month", "weeks", "week", "days", "day", "hours", "now", "sale",
                  "it", "this", "that", "them", "him", "her", "life", "good", "ages", "decades",
                  "over", "about", "nearly", "almost", "around", "more", "less", "once", "twice",
                  "myself", "ourselves", "yourself", "themselves", "everything", "anything",
                  "something", "all", "long", "sure", "certain", "real", "fun", "work", "help",
                  "advice", "support", "less", "far", "several", "last", "past", "those", "what"}
_EMPLOY = re.compile(r"\b(?:work|works|worked|working|employed|job|head|manager|director|officer|"
                     r"lead|engineer|analyst|consultant|partner|founder|co-founder|ceo|cto|cfo|"
                     r"vp|president|executive|representative|rep|associate|specialist|chair|"
                     r"trustee|volunteer|coordinator|administrator|assistant|owner)\b[^.!?]*$", re.I)
_JOB = re.compile(r"\b(?:role|roles|job|jobs|position|positions|post|posts|placement|placements|"
                  r"internship|internships|apprenticeship|opportunit(?:y|ies)|contract|contracts|"
                  r"graduate scheme|move in-house)\b", re.I)


def _ask_sentence_ids(tx: _Text, lex: _Lex) -> dict[int, list[_p._Hit]]:
    """Sentences holding an ask, with the ask phrases found."""
    out: dict[int, list] = {}
    for k, s in enumerate(tx.sentences):
        seg = tx.norm[s.start:s.end]
        hits = _p._find(seg, lex.words.ask_patterns)
        if not hits:
            hits = [_p._Hit(m.start(), m.end(), "conditional")
                    for m in _COND_ASK.finditer(seg) if _imperative(seg, m)]
        if not hits and seg.rstrip().endswith("?"):
            hits = [_p._Hit(m.start(), m.end(), "question") for m in _QUESTION_ASK.finditer(seg)]
        if hits:
            out[k] = [_p._Hit(s.start + h.start, s.start + h.end, h.phrase) for h in hits]
    return out


_COND_ASK = re.compile(
    r"\b(?:let's|let us)\s+(?:talk|chat|speak|meet|connect|grab|have)\b|"
    r"\b(?:call|ring|email|e-mail|message|phone|text|dm|find|grab|see|visit|catch)\s+me\b|"
    r"\b(?:come|pop)\s+(?:and\s+|to\s+)?(?:find|see|say|talk|visit|chat)\b|"
    r"\b(?:get|keep)\s+in\s+touch\b|\breach\s+out\b|\bgive\s+(?:me|us)\s+a\s+(?:call|ring|shout)\b|"
    r"\b(?:talk|speak)\s+to\s+(?:me|us)\b|\bpass\s+on\s+my\b|\bsend\s+(?:them|him|her|people)\s+"
    r"(?:over|my way|our way|to me)\b|\bplease\s+(?:introduce|refer|connect|send|tell|put|pass|"
    r"share|let)\b|\b(?:happy|glad|keen)\s+to\s+(?:connect|chat|talk|meet)\b|"
    r"\bi'm\s+here\s+to\s+meet\b|\bcome\s+to\s+(?:the|my|our)\s+(?:talk|stand|session|demo)\b|"
    r"\blet\s+me\s+know\b|\byou\s+know\s+where\s+(?:i|to\s+find\s+me)\b|"
    r"\bthe\s+(?:introduction|referral)s?\s+i'm\s+after\b|\bi'm\s+after\b|\bi'd\s+welcome\b|"
    r"\bmy\s+ask\b|\bsend\s+(?:me|us)\b|\b(?:save|keep|take|grab)\s+my\s+(?:number|card|details)\b|\bgive\s+them\s+my\s+(?:card|number|details)\b|\b(?:i|we)'d\s+(?:love|like|be glad|be happy)\s+to\b", re.I)
def _imperative(seg: str, m: re.Match) -> bool:
    """"Call me when …" at the start, after "please"/"so", or after an if-clause: an ask;
    "Landlords call me when …" is not."""
    if re.match(r"(?:let's|let us|my ask|i'm here|i'm after|the (?:introduction|referral)|"
                r"please|happy|glad|keen|let me know|you know where|i'd welcome)", m.group(0), re.I):
        return True
    before = seg[:m.start()].lower().rstrip()
    return (not before or before.endswith((",", ";", ":", "—", "–", "-"))
            or bool(re.search(r"(?:^|\s)(?:so|just|please|do|then|and|or|simply|or just)$", before)))


_QUESTION_ASK = re.compile(
    r"\b(?:do|would|could|can|will|might)\s+you\s+(?:\w+\s+){0,2}(?:know|introduce|refer|connect|"
    r"put|point|recommend|think of|send)\b|\bwho\s+(?:do|would|could|else)\b|\bwho\s+in\s+your\b|"
    r"\bknow\s+(?:anyone|anybody|someone|somebody)\b", re.I)


_JOB_INTENT = re.compile(r"\b(?:looking|seeking|open to|hoping|want to|would like to|'d like to|"
                         r"keen to|move|moving|join|apply|applying|next step)\b", re.I)


def _job_search(seg: str) -> bool:
    """A sentence about finding a job: "I'm looking for a role at …", "open to any role"."""
    return bool(_JOB_INTENT.search(seg) and (_JOB.search(seg) or re.search(
        r"\b(?:join|joining|work at|work for|move in-house|move into|moving into|switch into|"
        r"transition into|career in|retraining)\b", seg, re.I)))


def read_pitch(text: str, fm: dict | None, words: WordLists) -> Reading:
    """The reading of one pitch: `text` its Markdown, `fm` its front matter (audience, problem,
    result, ask, ideal_client: a filled key fills its slot)."""
    lex = _Lex(words)
    plain = plain_text(text or "")
    tx = _Text(plain)
    # a pitch is a few sentences: the slots of a huge note are read from its first ones only,
    # so that reading stays linear in the note's size (pitch-length reports the rest)
    tx.sentences = tx.sentences[:_MAX_SENTENCES]
    tx.toks = [t[:_MAX_TOKENS] for t in tx.toks[:_MAX_SENTENCES]]
    tx.sentences = [s if len(t) < _MAX_TOKENS or not t else s._replace(end=t[-1].end)
                    for s, t in zip(tx.sentences, tx.toks)]
    slots = {n: Slot(n) for n in SLOTS}
    reading = Reading(plain, tx.sentences, slots)
    asks = _ask_sentence_ids(tx, lex)

    _read_speaker(tx, lex, reading, asks)
    cands = _audience_candidates(tx, lex, reading, asks)
    _read_ask(tx, reading, asks)
    _judge_audience(tx, lex, reading, cands)
    _read_problem(tx, lex, reading, asks, cands)
    _read_offer(tx, reading, asks)
    _read_proof(tx, reading, asks)
    _front_matter(reading, fm or {}, lex)
    _read_jargon_acronyms(tx, lex, reading)
    return reading


def _read_speaker(tx: _Text, lex: _Lex, r: Reading, asks) -> None:
    sp = r.slots["speaker"]
    pat = re.compile(
        r"\b(?:i'm|i am|my name is|my name's|this is|it's|i work (?:at|for|in)|i'm in|i am in|"
        r"i'm the|i am the|(?:i|we) (?:run|own|founded|co-founded|lead|head|started) (?:a|an|the|my|our)\b|"
        r"my title is|my role is|"
        r"we are a|we're a|we are an|we're an|we are the|we're the)\b"
        r"(?:[^.!?\n]|[.!?](?=[^\s.!?]|\s+\S))*", re.I)  # to the sentence's end: "I'm Dr. Helen Park"
    for k, s in enumerate(tx.sentences):
        seg = tx.norm[s.start:s.end]
        if k in asks:
            seg = seg[:max(0, asks[k][0].start - s.start)]
        for m in pat.finditer(seg):
            words = seg[m.start():m.end()]
            sp.reads.append(Read(" ".join(words.split()[:12]), s.start + m.start(), s.start + m.end()))
            break
    # the vault's own title lead-ins (`title_patterns`)
    for k, s in enumerate(tx.sentences):
        if any(rd.start >= s.start and rd.end <= s.end for rd in sp.reads):
            continue
        hits = _p._find(tx.norm[s.start:s.end], lex.words.title_patterns)
        if hits and (k not in asks or hits[0].start + s.start < asks[k][0].start):
            sp.reads.append(Read(s.text, s.start, s.end, "title"))
    sp.reads.sort(key=lambda rd: rd.start)
    # employers: "at/for/with <Proper Name>" in a self-description
    for k, s in enumerate(tx.sentences):
        toks = tx.toks[k]
        for i, t in enumerate(toks[:-1]):
            if t.low not in ("at", "for", "with", "from", "of", "join", "joined"):
                continue
            nxt = toks[i + 1]
            if nxt.raw[:1].isupper() and not nxt.raw.isupper() and nxt.low not in ("i",) \
                    and not lex.party(nxt.low):
                before = tx.norm[s.start:t.start]
                if _EMPLOY.search(before) or re.search(r"\b(?:i'm|i am|we're|we are)\b", before, re.I):
                    end = i + 1
                    while end + 1 < len(toks) and toks[end + 1].raw[:1].isupper() \
                            and not _BREAK_GAP.search(tx.gap(toks[end], toks[end + 1])):
                        end += 1
                    r.employer.append(Read(tx.text[t.start:toks[end].end], t.start, toks[end].end,
                                           "where you work"))
    name = re.compile(r"^(?:(?i:hi|hello|hey|morning|good morning|good afternoon|evening)\b[ ,!]*"
                      r"(?i:everyone|all|folks|there)?[ ,!]*)?(?i:it's |this is )?"
                      r"[A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:from|at|with|here)\b|, (?:[a-z][\w-]*\s?){1,4}"
                      r"(?:(?:(?<=\bat )|(?<=\bfor )|(?<=\bwith )|(?<=\bof ))[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,2})?$)")
    for k, s in enumerate(tx.sentences[:2]):
        if not sp.reads and name.match(s.text.rstrip(".!")):
            # "Mike from PrintWorks.", "Jo, product lead at Acme."
            sp.reads.append(Read(s.text, s.start, s.end, "name"))
    if not sp.reads and tx.sentences:
        # a headline: "Results-driven sales professional with ten years of experience."
        s = tx.sentences[0]
        toks = tx.toks[0]
        if toks and not any(t.low in _PRONOUNS or t.low in ("my", "our", "your", "their") for t in toks) \
                and not any(t.low in ("me", "us", "him", "her", "them") for t in toks) \
                and any(not t.low.endswith("s") and (t.low in _ROLES or (
                    _PERSON_SUFFIX.search(t.low) and t.low not in _NOT_PERSON and len(t.low) > 4))
                        for t in toks[:6]):
            sp.reads.append(Read(s.text, s.start, s.end, "headline"))
    if sp.reads:
        sp.verdict = "present"


def _audience_candidates(tx: _Text, lex: _Lex, r: Reading, asks) -> list[_Cand]:
    out: list[_Cand] = []

    def add(toks, i, how, loose, kind="client"):
        if i >= len(toks):
            return
        np = _np(tx, toks, i, lex)
        if not np:
            return
        h = _head(np, lex, loose, how)
        if h is None and how in ("job", "ask", "for", "help"):
            low = " ".join(t.low for t in np)
            if any(_p._find(low, (ph,)) for ph in lex.catch_phrases):
                h = len(np) - 1  # "a wide range of industries": a catch-all with no one in it
        if h is None:
            return
        if np[h].raw[:1].isupper() and h and not np[h].raw.isupper() and not lex.party(np[h].low):
            return
        if any(t.low in ("my", "our", "his", "her") for t in np[:h + 1]) and kind == "client" \
                and how != "clients-are" and (np[h].low in _GENERIC or np[h].low in _OWN
                                              or _singular(np[h].low) in _GENERIC
                                              or not np[h].low.endswith("s")):  # "my workshop"
            return  # "my team", "some of our customers": the speaker's own, or an anaphora
        out.append(_Cand(np, h, how, kind))

    for k, s in enumerate(tx.sentences):
        toks = tx.toks[k]
        seg = tx.norm[s.start:s.end]
        is_ask = k in asks

        def tok_at(off):
            for n, t in enumerate(toks):
                if t.start >= off:
                    return n
            return len(toks)

        # "I help …", "we work with …", "helping …"
        for m in _HELP_VERBS.finditer(seg):
            before = seg[:m.start()]
            clause = re.split(r"[,;:]|\band\b|\bbut\b|\bso\b", before)[-1]
            if not (_FIRST.search(clause) or m.group(0).lower().startswith("helping")
                    or re.search(r"\b(?:to|and|who|that)\s+$", before)):
                continue
            if re.search(r"\b(?:you|can you|could you|would you)\s+$", before, re.I):
                continue
            add(toks, tok_at(s.start + m.end()), "help", True)  # whom you help, even inside an ask
        # "This week I want to talk about people coming to the end of a fixed rate"
        for m in re.finditer(r"\b(?:talk|talking|tell you|telling you|focus|focusing)\s+(?:about|on)\s+", seg, re.I):
            if _FIRST.search(seg[:m.start()]):
                add(toks, tok_at(s.start + m.end()), "about", False)
        # "This week I'm after coffee shops in Harrogate …": a kind of client, said as an ask
        for m in re.finditer(r"\b(?:i'm|i am|we're|we are)\s+(?:really\s+|mainly\s+|especially\s+)?after\s+", seg, re.I):
            add(toks, tok_at(s.start + m.end()), "help", True)
        # "for …" after an offer or a title
        for n, t in enumerate(toks):
            if t.low != "for" or n + 1 >= len(toks):
                continue
            nxt = toks[n + 1]
            before = tx.norm[s.start:t.start].lower()
            if nxt.low in _NOT_AFTER_FOR or nxt.low[:1].isdigit() or re.search(
                    r"\b(?:looking|look|searching|ask|asking|thanks|thank|grateful|pay|paid|"
                    r"known|famous|responsible|ready|apply|applying|here|time|room|space)\s*$", before):
                continue
            if nxt.raw[:1].isupper() and not nxt.raw.isupper() and not lex.party(nxt.low):
                continue  # an employer or a name
            if re.search(r"\b(?:i|we|i've|we've|i have|we have|who|i'm|we're|she|he|they)\s+(?:\w+\s+)?"
                         r"(?:work|works|worked|working)\s*$", before) and nxt.low not in lex.catch_heads:
                continue  # "I work for Deloitte"; not "a lot of work for landlords"
            add(toks, n + 1, "for", True, "ask" if is_ask else "client")
        # "… gets refurbished laptops to kids in Glasgow": a kind of person after "to"
        if not is_ask:
            for n, t in enumerate(toks[:-1]):
                if t.low == "to" and n and toks[n - 1].low not in ("up", "next", "close", "due", "talk",
                                                                     "speak", "go", "went", "been", "back"):
                    nxt = toks[n + 1]
                    generic = nxt.low in _GENERIC or nxt.low in lex.catch_heads
                    sells = any(x.low in ("provide", "provides", "sell", "sells", "supply", "supplies",
                                          "offer", "offers", "deliver", "delivers", "market", "bring",
                                          "brings", "rent", "rents", "lease", "leases", "lend", "lends")
                                for x in toks[max(0, n - 5):n])
                    if lex.party(nxt.low) and nxt.low.endswith("s") and (not generic or sells) and (
                            not nxt.raw[:1].isupper() or re.fullmatch(r"[A-Z]{2,}s", nxt.raw)):
                        add(toks, n + 1, "for", False)
        # "If you run a restaurant", "if you're a landlord", "if you need …"
        for m in re.finditer(r"\bif\s+you(?:'re|\s+are|'ve\s+just|\s+have\s+just|'ve|\s+have)?\s+"
                             r"(?:(?:just|recently|currently|also)\s+)?(\w+(?:'\w+)?)\s+", seg, re.I):
            verb = m.group(1).lower()
            if verb in ("know", "hear", "meet", "met", "see", "think", "like", "would",
                        "want", "could", "can", "have", "do", "are", "get", "find", "ever"):
                continue
            if verb in ("need", "needs", "wants", "require"):  # "want" is a wish, above
                end = re.search(r"[,.;:!?]|$", seg[m.end():])
                a, b = s.start + m.start(), s.start + m.end() + end.start()
                r.vague.append((Read(tx.text[a:b], a, b, "if-you"), "ask",
                                f"{_q(tx.text[a:b])} narrows nobody down: needing what you sell is "
                                f"not a kind of client"))
                continue
            start = tok_at(s.start + m.end(1))
            if verb in ("a", "an", "the"):
                start = tok_at(s.start + m.start(1))
            add(toks, start, "if-you", True)
        # "Picture a nursery manager on a Friday night …": the listener is shown the client
        m = re.match(r"\s*(?:picture|imagine|think of|think about)\s+", seg, re.I)
        if m:
            add(toks, tok_at(s.start + m.end()), "picture", True)
        # the vault's own lead-ins (`audience_patterns`, which a vault extends in plainnet.toml)
        for h in _p._find(seg, lex.words.audience_patterns):
            add(toks, tok_at(s.start + h.end), "lead-in", True, "ask" if is_ask else "client")
        # "Typical client: a family-owned engineering firm …"
        for m in re.finditer(r"\b(?:typical|ideal|perfect|target|dream|best)\s+(?:clients?|customers?|users?)"
                             r"\s*(?::|is|are|would be)\s+", seg, re.I):
            add(toks, tok_at(s.start + m.end()), "clients-are", True)
        # "My clients are …", "my ideal client is …"
        for m in re.finditer(r"\b(?:my|our|most of my|most of our)\s+(?:ideal\s+|typical\s+|best\s+)?"
                             r"(?:clients?|customers?|users?|patients?|students?|members?)\s+(?:\w+\s+){0,3}?"
                             r"(?:are|is|were|have been|include|tend to be)\s+(?:mostly\s+|usually\s+|often\s+|all\s+)?",
                             seg, re.I):
            add(toks, tok_at(s.start + m.end()), "clients-are", True)
        # a job search: "a role at a fintech startup" (the employer sought is whom they'd help)
        if _job_search(seg) or is_ask:
            for ph in lex.catch_phrases + ("anywhere",):
                for h in _p._find(tx.low[s.start:s.end], (ph,)):
                    a, b = s.start + h.start, s.start + h.end
                    kind = "client" if _job_search(seg) else "ask"
                    r.vague.append((Read(tx.text[a:b], a, b, "catch-all"), kind,
                                    f"{_q(tx.text[a:b])} is everyone: name one kind"))
        if _job_search(seg):
            for m in _JOB.finditer(seg):
                rest = seg[m.end():]
                mm = re.match(r"\s*(?:\w+\s+){0,3}?(?:at|with|on|in|for)\s+", rest)
                if mm:
                    add(toks, tok_at(s.start + m.end() + mm.end()), "job", True)
            for m in re.finditer(r"\b(?:join|joining|work at|work for|work with|move to|move into|"
                                 r"move in-house at)\s+", seg, re.I):
                add(toks, tok_at(s.start + m.end()), "job", True)
        if is_ask:
            # the ask's target: "a great introduction for me is X", "do you know X", "meet X"
            for h in asks[k]:
                j = tok_at(h.end)  # past "… to be put in touch with": the target starts at its article
                while j < len(toks) and (toks[j].low in _ASK_VERBS or (
                        toks[j].low in _FUNCTION and toks[j].low not in _DETERMINERS)):
                    j += 1
                add(toks, j, "ask", True, "ask")
            for n, t in enumerate(toks):
                if t.low in lex.catch_heads or t.low in ("people", "businesses", "companies", "business",
                                                          "company", "firms", "organisations", "organizations"):
                    if t.low not in lex.catch_heads and n and toks[n - 1].low not in (
                            "any", "all", "some", "every", "other", "more", "many", "a", "the"):
                        continue  # "a medical device company" is read whole, from its start
                    if n and (lex.party(toks[n - 1].low) and toks[n - 1].low not in _GENERIC):
                        continue
                    st = n - 1 if n and toks[n - 1].low in ("any", "all", "some", "every", "a", "the") else n
                    add(toks, st, "ask", True, "ask")
            continue
        # a sentence (or clause) opening with a kind of client: "Dentists call me when …"
        starts = [0] + [n for n in range(1, len(toks))
                        if re.search(r"[,;:—–]", tx.gap(toks[n - 1], toks[n]))
                        or toks[n - 1].low in ("and", "but", "so", "because", "when", "that", "whether")]
        for n in starts:
            j = n
            if j < len(toks) and toks[j].low in ("the", "those", "these", "such"):
                j += 1
            if j < len(toks) and toks[j].low in ("most", "many", "some", "all", "a", "lots", "plenty"):
                while j < len(toks) and toks[j].low in ("most", "many", "some", "all", "of", "a", "lot",
                                                          "lots", "plenty", "the", "these", "those"):
                    j += 1
            if j >= len(toks) or toks[j].low in _FUNCTION:
                continue
            np = _np(tx, toks, j, lex)
            if not np:
                continue
            h = _head(np, lex, False)
            if h is None or np[h].low in lex.catch_heads or h > 3 or \
                    any(t.low in _PRONOUNS or t.low in ("my", "our", "its") for t in np[:h + 1]):
                continue
            if not (np[h].low.endswith("s") or np[h].low in ("staff", "people", "police")):
                continue
            g = h  # the head and the nouns joined to it: "plumbers and electricians"
            while g + 2 < len(np) and np[g + 1].low in ("and", "or") and lex.party(np[g + 2].low):
                g += 2
            after = j + g + 1
            whole = n == 0 and j + len(np) >= len(toks) and np[h].low.endswith("s")
            if (np[h].low in _GENERIC or _singular(np[h].low) in _GENERIC) and not (
                    j + g + 1 < len(toks) and toks[j + g + 1].low in _QUAL_OPEN):
                continue  # "people finished in half the time": no kind of client
            if not whole and (after >= len(toks) or _BREAK_GAP.search(tx.gap(toks[after - 1], toks[after]))):
                continue  # the phrase ends the clause: an apposition, not a subject
            if np[h].raw[:1].isupper() and toks.index(np[h]) > 0 and not np[h].raw.isupper():
                continue  # "Walsh and Sons Decorators": a name
            out.append(_Cand(np, h, "subject"))
        # the object of the speaker's verb: "I insure restaurants", "I show new landlords how to"
        for m in re.finditer(r"\b(?:i|we)\s+(?:\w+ly\s+)?(\w+)\s+", seg, re.I):
            verb = m.group(1).lower()
            if verb in ("am", "was", "have", "had", "run", "own", "founded", "started", "lead",
                        "manage", "head", "joined", "left", "love", "like", "want", "need", "know",
                        "met", "meet", "think", "believe", "hope", "can", "could", "will", "would",
                        "do", "did", "spent", "spend", "worked", "work", "studied", "study",
                        "graduated", "hire", "hired", "see", "saw", "are", "were", "get", "got", "built",
                        "just", "also", "then", "moved", "retrained",
                        "taught", "noticed", "won", "raised"):
                continue
            add(toks, tok_at(s.start + m.end()), "object", False)
    return out


def _judge_audience(tx: _Text, lex: _Lex, r: Reading, cands: list[_Cand]) -> None:
    au = r.slots["audience"]
    specific, vague = [], []
    # in a job search, whom the speaker asks to meet is whom they would work for
    job = any(_job_search(tx.norm[s.start:s.end]) for s in tx.sentences)
    for c in cands:
        why = _judge(tx, c.np, c.head, lex)
        if why is not None and c.how in ("subject", "object"):
            continue  # "Businesses lose …": a mention, not a claim about whom you help
        read = Read(tx.text[c.np[0].start:c.np[-1].end], c.np[0].start, c.np[-1].end, c.how)
        if why is not None:
            r.vague.append((read, c.kind, why))
            if c.kind == "client":
                vague.append((read, why))
        elif c.kind == "client" or (job and any(
                _singular(t.low) in _ORGS for t in c.np)):
            specific.append(read)
    if specific:
        au.verdict, au.reads = "present", _dedupe(specific)
    elif vague:
        au.verdict, au.reads, au.why = "vague", _dedupe([v[0] for v in vague]), vague[0][1]
    if au.verdict == "missing" and any(kind == "client" for _, kind, _ in r.vague):
        first = next(v for v in r.vague if v[1] == "client")
        au.verdict, au.reads, au.why = "vague", [first[0]], first[2]
    # a catch-all wherever it stands: "Everyone needs a website, and we build websites for everyone"
    seen = {(v[0].start, v[0].end) for v in r.vague}
    for k, s in enumerate(tx.sentences):
        for m in re.finditer(r"\b(?:for|help|helps|serve|serves|with)\s+(everyone|everybody|anyone|anybody|"
                             r"all businesses|all companies|any business|any company)\b(?!\s+(?:who|that|with|in|at))",
                             tx.low[s.start:s.end]):
            a, b = s.start + m.start(1), s.start + m.end(1)
            if (a, b) not in seen and not any(v[0].start <= a < v[0].end for v in r.vague):
                r.vague.append((Read(tx.text[a:b], a, b, "catch-all"), "client",
                                f"{_q(tx.text[a:b])} is everyone: name one kind"))
                if au.verdict == "missing":
                    au.verdict, au.reads = "vague", [Read(tx.text[a:b], a, b, "catch-all")]
                    au.why = f"{_q(tx.text[a:b])} is everyone: name one kind"


def _dedupe(reads: list[Read]) -> list[Read]:
    out: list[Read] = []
    for rd in sorted(reads, key=lambda x: (x.start, -x.end)):
        if not any(o.start <= rd.start and rd.end <= o.end for o in out):
            out.append(rd)
    return out


def _read_ask(tx: _Text, r: Reading, asks) -> None:
    ask = r.slots["ask"]
    for k, hits in sorted(asks.items()):
        s = tx.sentences[k]
        ask.reads.append(Read(s.text, s.start, s.end, hits[0].phrase))
    if ask.reads:
        ask.verdict = "present"


_CLIENT_SUBJ = re.compile(
    r"^(?:(?:and|but|so|because|when|then|yet|now|even|still|often|usually|most|many|some|all|"
    r"half|one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|out|\d+%?|of|them|the|a|an|"
    r"in|on|at|every|each|after|before|"
    r"within|last|year|month|week|too|as|result|today|average|most of|on average),?\s+)*"
    r"(?:you|your|they|their|them|he|she|his|her|clients?|customers?|users?|patients?|"
    r"the family|families|owners?|my clients|our clients|my customers|our customers|"
    r"my farmers|my students|our members|our users|our patients|our graduates|their)(?![\w-])", re.I)
_CONNECTOR = re.compile(r"\b(?:so that|so|without|instead of|rather than|which means|meaning|"
                        r"in time to|before they|before it|before the|until|by the time)\b", re.I)
_MEASURE = re.compile(
    r"\d+\s*%|\bper ?cent\b|\bin half\b|\bhalf\b|\bhalves\b|\bhalved\b|\btwice\b|\bthree times\b|"
    r"\b\d+x\b|\bdouble[ds]?\b|\btriple[ds]?\b|\bfewer\b|\bless\b|\bmore\b|\bfaster\b|\bsooner\b|"
    r"\bfrom\s+[£$€]?\d[^.]{0,30}\bto\s+[£$€]?\d|\bfrom\s+\w+\s+(?:days|weeks|months|hours)\s+to\b|"
    r"\binstead of\b|\bwithin\b|\bin (?:\w+ )?(?:minutes?|hours?|days?|weeks?|months?|years?|afternoon|morning|evening)\b|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand|million|billion)s?\s+"
    r"(?:pounds|euros|dollars|hours|minutes|days|weeks|months|a year|a week|a month)\b|"
    r"\b(?:a|an|one) (?:third|quarter|fifth|tenth)\b|\bby (?:a |an )?(?:third|quarter|fifth|half|tenth|\d)|\bnone of\b|\bnine (?:out of|in) ten\b|\bevery (?:one|month|week)\b|"
    r"£\s?\d|\$\s?\d|€\s?\d|\b\d[\d,.]*\s*(?:pounds|euros|dollars|hours|minutes|days|weeks|months)\b",
    re.I)
_CHANGE_VERB = re.compile(
    r"(?<![\w-])(?:cut|cuts|save|saves|saved|saving|reduce[ds]?|reducing|halve[ds]?|double[ds]?|triple[ds]?|"
    r"fix|fixes|fixed|stop|stops|stopped|get|gets|got|bring|brings|brought|turn|turns|turned|"
    r"fill|fills|filled|find|finds|found|win|wins|won|keep|keeps|kept|protect|protects|"
    r"prevent|prevents|prevented|recover|recovers|recovered|free|frees|freed|give|gives|gave|"
    r"take|takes|took|handle|handles|sort|sorts|settle|settles|settled|answer|answers|deliver|"
    r"delivers|pay|pays|paid|move|moves|moved|put|puts|rewrote|rewrite|rewrites|redesigned|"
    r"rebuilt|stopped|dropped|drop|drops|fell|fall|falls|rose|went down|went up|came down|halved|raise[ds]?|lift|lifts|lifted|boost|boosts|boosted|increase[ds]?|improve[ds]?|"
    r"replace[sd]?|repair|repairs|unblock|unblocks|clean|cleans|spot|spots|flag|flags|"
    r"collect|collects|treat|treats|scan|scans|plan|plans|ship|ships|mark|marks|read|reads|"
    r"check|checks|pick|picks|fit|fits|set|sets|build|builds|write|writes|walk|walks)(?![\w-])", re.I)


_NEGATIVE = re.compile(
    r"\b(?:flood\w*|leak\w*|fail\w*|lose|loses|losing|lost|wast\w*|missed|missing|injur\w*|struggl\w*|"
    r"stuck|late|broke\w*|risks?|fine[sd]?|delay\w*|errors?|mistakes?|complain\w*|fires?|damage\w*|"
    r"theft|stolen|crash\w*|breakdowns?|downtime|overdue|unpaid|drop-?offs?|churn\w*|no-shows?)\b")
_FIXING = re.compile(r"\b(?:stop|stops|stopped|prevent\w*|fix|fixes|fixed|solv\w*|ended|end|ends|sav\w*|"
                     r"cut|cuts|reduc\w*|avoid\w*|halv\w*|recover\w*)\b")


def _clauses(tx: _Text, s) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split at commas, semicolons, dashes and before connectors."""
    seg = tx.low[s.start:s.end]
    cuts = {0, len(seg)}
    for m in re.finditer(r"[,;:—–]\s*|\s-\s", seg):
        cuts.add(m.end())
    for m in re.finditer(r"\s(?=(?:so that|so|and|but|because|when|without|instead of|while|which|"
                         r"who|until|before|after|if)\b)", seg):
        cuts.add(m.end())
    c = sorted(cuts)
    return [(s.start + a, s.start + b) for a, b in zip(c, c[1:]) if seg[a:b].strip()]


def _read_problem(tx: _Text, lex: _Lex, r: Reading, asks, cands) -> None:
    pr = r.slots["problem"]
    found: list[Read] = []
    vague: list[Read] = []
    pains = lex.words.pain_outcome_phrases
    generic = lex.words.vague_outcomes
    aud_heads = {w for c in cands if c.kind == "client"
                 for w in (c.np[c.head].low, _singular(c.np[c.head].low))} - _GENERIC - lex.catch_heads
    for k, s in enumerate(tx.sentences):
        prev_client = False
        if k in asks and not re.search(r"\b(?:so that|without|instead of|who (?:is|are) (?:tired|struggling|"
                                        r"fed up|worried|losing|wasting))\b", tx.low[s.start:s.end]):
            continue
        for a, b in _clauses(tx, s):
            cl = tx.norm[a:b]
            low = cl.lower().strip()
            gen = _p._find(low, generic)
            pain = [h for h in _p._find(low, pains)
                    if not any(g.start <= h.start < g.end for g in gen)]  # "feels stuck" is generic
            # whose clause is it?
            words = re.findall(r"[\w'&-]+", low)
            subj_client = bool(_CLIENT_SUBJ.match(low))
            first = bool(re.match(r"^(?:and |but |so |then |now |because )?(?:i|we|i'm|we're|i've|we've|"
                                  r"i'll|we'll|my|our|it|it's|this)\b", low))
            if not subj_client and words:
                # a clause opening with a kind of client: "Farmers with big roofs can …"
                lead = [w for w in words[:6] if w not in _FUNCTION and w not in ("most", "many")]
                at = words.index(lead[0]) if lead else 0
                if at and words[at - 1] in ("my", "our", "his", "her"):
                    lead = []  # "when my kids were growing up": the speaker's life
                if lead and (lead[0] in aud_heads or _singular(lead[0]) in aud_heads
                             or (not aud_heads and lex.party(lead[0]) and lead[0].endswith("s")
                                 and lead[0] not in _GENERIC)):  # "the builders" are not the client
                    subj_client = not first
            if not subj_client and prev_client and re.match(r"^(?:and|but|or)\b", low):
                subj_client = True  # "… gardeners who overdid it, and now can't bend down"
            connector = _CONNECTOR.match(low)
            who_clause = re.match(r"^(?:who|that|whose)\b", low) and not _NEED.match(low)
            when_clause = re.match(r"^(?:when|if|before|after|until|whenever)\b", low)
            client_obj = bool(re.search(r"\b(?:their|them|they|your|you|clients'?|customers'?)\b", low)) or \
                any(w in aud_heads or _singular(w) in aud_heads for w in words[1:])
            measured = bool(_MEASURE.search(low)) and bool(_CHANGE_VERB.search(low) or pain)
            if gen and not pain and not (measured and not first):
                said_for_client = subj_client or connector or client_obj or who_clause or (
                    first and re.search(r"\b(?:help|helps|helping|make|makes|let|lets|get|gets|enable|"
                                        r"enables|empower|empowers|so)\b", low))
                if said_for_client:  # not "I'm head of growth": a title, not a promise
                    vague.append(Read(cl.strip(), a, b, "generic outcome"))
                continue
            ok = False
            if connector and not re.match(r"^(?:so|so that)\s+(?:i|we)\b", low):
                rest = low[connector.end():].strip()
                ok = bool(re.search(r"[a-z]{3}|\d", rest))
                if ok and re.match(r"(?:everyone|everybody|anyone|anybody|people|businesses|companies)\b", rest) \
                        and not pain and not measured:
                    vague.append(Read(cl.strip(), a, b, "generic outcome"))  # "so that everyone can move faster"
                    ok = False
            elif who_clause and pain:
                ok = True
            elif subj_client and not first:
                ok = bool(pain) or _has_verb_phrase(low)
            elif when_clause and (pain or subj_client or client_obj):
                ok = bool(pain) or bool(re.search(r"\b(?:their|your|they|you)\b", low))
            elif first and client_obj and (pain or _CHANGE_VERB.search(low)):
                ok = True  # "we help them succeed with fewer empty chairs": the chairs are the result
            elif first and measured:
                ok = True
            elif (first or re.match(r"^(?:[\w'-]+\s+){1,5}?(?:i|we)\s", low)) and _NEGATIVE.search(low) \
                    and _FIXING.search(low):
                ok = True  # "In my final year I designed a scheme that stopped a car park flooding"
            elif not first and measured:
                ok = True
            elif not first and pain and client_obj:  # a measured clause took the branch above
                ok = True
            elif not first and pain and not re.search(r"\b(?:my|our|i|we|me|us)\b", low):
                ok = True  # a problem stated plainly: "Old wiring is the biggest cause of house fires"
            prev_client = bool(subj_client or who_clause)
            if ok:
                found.append(Read(cl.strip(), a, b, "client"))
    if found:
        pr.verdict, pr.reads = "present", found
    elif vague:
        pr.verdict, pr.reads = "vague", vague
        pr.why = f"{_q(vague[0].text)} is an outcome anyone could promise"


_STATE = re.compile(r"\b(?:is|are|was|were|'s|'re|get|gets|got|become|becomes|feel|feels|look|looks|"
                    r"stay|stays|end up|ends up)\s+(?:\w+\s+){0,2}?(?:full|empty|late|tired|exhausted|"
                    r"stuck|lost|worried|overwhelmed|unpaid|closed|frozen|intimidat\w*|confus\w*|"
                    r"afraid|scared|lonely|paid|sold|booked|open|safe|back|ready|calm|able)\b")


def _has_verb_phrase(low: str) -> bool:
    """A client's clause says something happens (not only "they are dentists")."""
    if _STATE.search(low):
        return True
    words = re.findall(r"[a-z']+", low)
    if len(words) < 3:
        return False
    # a copula followed by a noun phrase is a description, not a change
    if re.search(r"^(?:\w+\s+){0,3}(?:are|is|'re|'s)\s+(?:a|an|the|mostly|usually|often|all)\b", low):
        return False
    return bool(re.search(r"\b\w+(?:s|ed)\b|\b(?:go|come|can|can't|don't|won't|pay|get|keep|need|have|"
                          r"spend|make|run|know|see|lose|want|tell|call|hire|leave|book|use)\b",
                          " ".join(words[1:])))


def _read_offer(tx: _Text, r: Reading, asks) -> None:
    of = r.slots["offer"]
    for k, s in enumerate(tx.sentences):
        if k in asks:
            continue
        low = tx.low[s.start:s.end]
        m = re.search(r"\b(?:i|we|our \w+|my \w+)\s+(?:\w+ly\s+)?(?!am\b|was\b|have\b|had\b|love\b|"
                      r"like\b|want\b|need\b|know\b|met\b|meet\b|see\b|think\b|hope\b|can\b|will\b|would\b|'m\b|"
                      r"'ve\b|'d\b|'ll\b|are\b|were\b|won\b|started\b|joined\b)(\w+)", low)
        if m:
            of.reads.append(Read(s.text, s.start, s.end, "what you do"))
            continue
        commas = tx.text[s.start:s.end].count(",")
        if commas >= 2 and not re.search(r"\b(?:is|are|was|were|i|we|you|they)\b", low):
            of.reads.append(Read(s.text, s.start, s.end, "a list of services"))
    if of.reads:
        of.verdict = "present"


def _read_proof(tx: _Text, r: Reading, asks) -> None:
    pf = r.slots["proof"]
    for k, s in enumerate(tx.sentences):
        if k in asks:
            continue
        low = tx.low[s.start:s.end]
        if re.search(r"\d|\b(?:last (?:year|month|week|summer|quarter)|one (?:client|customer|of my)|"
                     r"for example|award|qualified|certified|chartered|accredited|member of|"
                     r"since \d|years? (?:of experience|in the)|twice|half|a third|nine out of ten)\b", low):
            pf.reads.append(Read(s.text, s.start, s.end, "proof"))
    if pf.reads:
        pf.verdict = "present"


def _fm_text(value) -> str:
    return _p._fm_text(value)


def _front_matter(r: Reading, fm: dict, lex: _Lex) -> None:
    """A filled front-matter key fills its slot (and is judged like the text)."""
    if not isinstance(fm, dict):
        return
    pairs = (("audience", ("audience", "ideal_client")), ("problem", ("problem", "result")),
             ("ask", ("ask",)))
    for slot, keys in pairs:
        for key in keys:
            value = _fm_text(fm.get(key))
            if not value:
                continue
            s = r.slots[slot]
            s.source, s.verdict, s.reads, s.why = "front matter", "present", [Read(value, -1, -1, key)], ""
            if slot in ("audience", "ask"):
                why = _vague_value(value, lex)
                if why is not None:
                    if slot == "audience":
                        s.verdict, s.why = "vague", why
                    r.vague.append((Read(value, -1, -1, key), "client" if slot == "audience" else "ask",
                                    f"{key}: {why}"))
            break


def _vague_value(value: str, lex: _Lex) -> str | None:
    """Why a front-matter audience or ask is vague, judged as a noun phrase; None if it is not."""
    tx = _Text(PlainText(value))
    if not tx.sentences:
        return None
    toks = tx.toks[0]
    j = 0
    while j < len(toks) and toks[j].low in ("a", "an", "the", "is", "some"):  # "any" is kept: it is the point
        j += 1
    np = _np(tx, toks, j, lex, 30)
    h = _head(np, lex, True)
    if h is None:
        return None
    return _judge(tx, np, h, lex)


_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*?)(s?)(?![\w&])")


def _read_jargon_acronyms(tx: _Text, lex: _Lex, r: Reading) -> None:
    for h in _p._find(tx.norm, lex.words.jargon):
        r.jargon.append(Read(tx.text[h.start:h.end], h.start, h.end, h.phrase))
    known = {e.lower() for e in lex.words.known_acronyms}
    seen: set[str] = set()
    for m in _ACRONYM.finditer(tx.text):
        word, plural = m.group(1), m.group(2)
        letters = [c for c in word if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if upper < 2 or upper * 2 < len(letters) or word in ("TODO", "TBD", "FIXME") or len(set(word)) == 1:
            continue
        if word.lower() in known or (word + plural).lower() in known or word in seen:
            continue
        if word.isupper() and len(word) > 6 and word.isalpha():
            continue  # SHOUTING, not an abbreviation
        if _spelled_out(tx, word, m.start(), m.end()):
            continue
        seen.add(word)
        r.acronyms.append(Read(word + plural, m.start(), m.end(), "acronym"))


def _spelled_out(tx: _Text, word: str, start: int, end: int) -> bool:
    """"CRM (customer relationship management)", "customer relationship management (CRM)" or
    "customer relationship management, or CRM": the words stand right beside the letters."""
    if re.match(r"\s*\(([^)]{4,})\)", tx.text[end:end + 120]):  # end is past a plural "s" already
        return True
    letters = "".join(c.lower() for c in word if c.isalpha())
    before = re.findall(r"[A-Za-z][\w'-]*", tx.text[max(0, start - 160):start])
    sig = [w for w in before if w.lower() not in ("of", "and", "the", "for", "or", "a", "an")]
    for n in (len(letters), len(letters) - 1):  # "Science (MSc)" may skip a letter
        if n >= 2 and len(sig) >= n and "".join(w[0].lower() for w in sig[-n:]) == letters[:n]:
            return True
    return False
