"""The rules of the attribution extractor, kept as plain lists so a student can read them.

Nothing here names a person, place or outlet of any one article: these are the words
English news writing uses to say who said what (reporting verbs, phrases such as
"according to", channel words) and a short list of well-known news agencies.
"""
from __future__ import annotations

#: Verbs (and verb phrases) that report speech or a stated view, in the forms news uses.
REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated",
    "announced", "announces", "reported", "wrote", "writes", "claimed",
    "explained", "noted", "warned", "insisted", "argued", "called", "vowed", "pledged",
    "promised", "declared", "confirmed", "denied", "described", "urged", "asked",
    "replied", "responded", "commented", "suggested", "estimated", "predicted",
    "acknowledged", "admitted", "revealed", "tweeted", "posted",
    "expressed", "reaffirmed", "pointed to", "pointed out", "indicated", "indicating",
    "have said", "has said", "had said", "stressed", "emphasised",
    "emphasized", "accused", "criticised", "criticized", "praised", "welcomed",
    "condemned", "recalled", "saying", "dismissed",
    # present tense and -ing forms: "the analyst predicts", "stating, “…”"
    "warns", "notes", "argues", "insists", "explains",
    "suggests", "states", "attributes", "stating", "adding", "noting",
    "warning", "explaining", "arguing", "claiming", "insisting",
    # more verbs of saying and judging
    "attributed", "testified", "testifies", "recommended", "recommends", "went on to say",
    # plural subjects: "analysts warn", "officials argue", "the figures suggest"
    "warn", "argue", "suggest", "insist", "recommend", "claim", "deny", "admit",
)

#: Verbs of belief, knowledge and expectation (issue 18): a view, not words spoken, so they
#: count only when a clause follows (see BELIEF_CLAUSE_WORDS): "analysts believe the deal
#: will fail", "the firm expects to", "she knows that". "thought" and "hopes"/"fears" (nouns
#: too) are left out; "is thought to" is a vague passive.
BELIEF_VERBS: tuple[str, ...] = (
    "believe", "believes", "believed", "think", "thinks", "expect", "expects", "expected",
    "know", "knows", "knew", "hope", "hoped", "fear", "feared", "feel", "feels", "felt",
    "estimate", "estimates", "estimated", "predict", "predicts", "predicted", "suspect",
    "suspects", "suspected", "doubt", "doubted", "assume", "assumes", "assumed",
    "is concerned", "are concerned", "was concerned", "were concerned", "is confident",
    "are confident", "was confident", "is convinced", "are convinced", "was convinced",
)

#: Verbs of finding (issue 18): what a report, study or inquiry concluded; each counts only
#: right before "that": "the report found that ..." (not "found a glitch").
FINDING_VERBS: tuple[str, ...] = (
    "found", "finds", "find", "showed", "shows", "show", "concluded", "concludes",
    "determined", "reveals", "suggested", "confirms",
)

#: Belief verbs that may take "to" ("the firm expects to hire"; not "believed to be").
BELIEF_TO_VERBS: tuple[str, ...] = ("expect", "expects", "expected", "hope", "hoped")

#: A belief verb counts when "that" (or "to", see BELIEF_TO_VERBS) follows it, or a clause
#: word ("will", "is"...) within this many words with no comma or preposition before it
#: ("believes the deal will").
BELIEF_CLAUSE_WORDS = 5

#: Documents that speak for themselves (issue 18): "the e-mail read", "one memo reads".
#: These verbs count only right after one of DOCUMENT_WORDS.
DOCUMENT_VERBS: tuple[str, ...] = ("read", "reads")

#: Verbs that report speech only right after a quotation ("...," he continued).
QUOTE_ONLY_VERBS: tuple[str, ...] = ("continued", "concluded", "went on")

#: A quotation left open at the end of a paragraph goes on in the next ones (news style for
#: a quote of several sentences) if it is closed within this many paragraphs.
QUOTE_MAX_PARAGRAPHS = 6

#: At most this many words may stand between a verb and "that" or a quotation: "said on
#: Monday that ...", "told reporters that ...", "said in an interview “...”".
LEAD_IN_WORDS = 4

#: Verbs whose object is the person told, not what was said: "told customers to wait".
TELL_VERBS: tuple[str, ...] = ("told", "tells", "asked", "urged", "advised", "instructed")

#: A quotation of at most this many words and no full stop is a scare quote ("so-called"
#: words), not someone's statement.
SCARE_QUOTE_WORDS = 4

#: Cues that count only at the start of a sentence ("Citing sources, the paper said").
SENTENCE_START_ONLY: tuple[str, ...] = ("citing",)

#: "The Daily Post quoted the mayor as saying": the person quoted sits between these words;
#: the one who quoted stands before "quoted".
QUOTED_AS_SAYING = (r"(?P<quoted>quoted)\s+(?P<source>[^,.;:\u201c\u201d\"]{1,60}?)\s+"
                    r"(?P<cue>as\s+saying)")

#: Words that can sit between a speaker and the verb but are not part of the speaker.
TRAILING_WORDS: tuple[str, ...] = (
    "also", "has", "have", "had", "then", "later", "further", "again", "went on to",
    "continued to", "did", "not", "would", "will", "could", "earlier", "previously",
    "yesterday", "today", "reportedly", "once", "repeatedly", "publicly", "already",
)

#: Words just before a verb that say nothing was said: "did not say", "declined to comment"
#: (and "n't" at the end of a word: "didn't say").
NEGATIONS: tuple[str, ...] = ("not", "never", "declined to", "refused to")

#: Words after which a "verb" is really a noun or adjective ("an added cost").
NOT_BEFORE_VERB: tuple[str, ...] = ("the", "a", "an", "this", "its", "his", "her", "their", "our")

#: Left out on purpose: "reports", "claims" and "calls" are also nouns ("several reports"),
#: so as verbs they would fire on nouns. A capitalised match inside a sentence is a name,
#: not a verb ("the Said Business School"), and is skipped.

#: Phrases placed before the source: "according to X", "as per X", "as quoted by X".
SOURCE_AFTER_CUES: tuple[str, ...] = (
    "according to", "as per", "as quoted by", "as reported by", "as cited by",
    "quoted by", "citing", "in the words of",
)

#: Single words that attribute a claim without naming anyone: a vague source.
VAGUE_CUES: tuple[str, ...] = ("reportedly", "allegedly", "purportedly", "supposedly")

#: Passives that attribute without naming anyone: "it is thought", "were expected to win".
VAGUE_PASSIVES: tuple[str, ...] = tuple(
    f"{be} {done}"
    for be in ("is", "are", "was", "were", "has been", "have been", "had been")
    for done in ("thought", "believed", "expected", "alleged", "rumoured", "rumored",
                 "reported", "understood", "credited with", "found")
)

#: Such a passive attributes only when one of these words follows: "were expected to win",
#: "is thought likely to", "it is believed that" (not "a body was found in the river").
AFTER_VAGUE_PASSIVE: tuple[str, ...] = ("to", "likely", "unlikely", "that")

#: Verbs that give something a name: 'dubbed “Bridgegate” by the press'.
NAMING_VERBS: tuple[str, ...] = ("dubbed", "called", "labelled", "labeled", "nicknamed",
                                 "branded", "termed")

#: Credit lines at the end of an article ("With inputs from agencies").
CREDIT_CUES: tuple[str, ...] = (
    "with inputs from", "with agency inputs", "additional reporting by", "reporting by",
    "with additional reporting from", "compiled by", "written by",
)

#: Words that make a clause (what was said), not a speaker: after "..., said" the words
#: "the road would reopen" are the statement, "Anna Berg of the council" the speaker.
CLAUSE_WORDS: tuple[str, ...] = (
    "would", "will", "could", "should", "can", "may", "might", "must", "is", "are", "was",
    "were", "has", "have", "had", "did", "does", "do",
)

#: Words of time that can end a sentence after the verb: "the company said yesterday."
TIME_WORDS: tuple[str, ...] = (
    "yesterday", "today", "tonight", "earlier", "later", "last", "this", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday",
)

#: Words that start a clause; the speaker is looked for after the last of them.
CLAUSE_STARTERS: tuple[str, ...] = (
    "that", "which", "who", "as", "when", "while", "because", "after", "before", "since",
    "if", "whereas", "where", "and then", "but",
)

#: Small words that cannot end a speaker's name on their own.
PREPOSITIONS: tuple[str, ...] = (
    "in", "of", "including", "like", "from", "for", "at", "by", "with", "to", "on",
    "near", "under", "over", "among",
)

#: Documents that carry someone's words ("a statement", "a letter"): not speakers themselves.
DOCUMENT_WORDS: tuple[str, ...] = ("statement", "report", "post", "letter", "press release",
                                   "message", "memo", "email", "e-mail", "note",
                                   # issue 18: documents and e-mails as sources
                                   "emails", "e-mails", "memos", "letters", "messages",
                                   "document", "documents", "filing", "study", "survey")

#: Words that introduce a document rather than a speaker: "a statement released by X",
#: "an e-mail from X" (issue 18: e-mails, memos and documents too).
DOCUMENT_PREFIX = (r"(?:a|an|the|in a|in an)\s+(?:[\w-]+\s+)?"
                   r"(?:statement|report|post|letter|press release|message|e-?mail|memo|document"
                   r"|filing)s?\s+(?:(?:released|issued|published|posted|sent|written)\s+)?"
                   r"(?:by|from)\s+")

#: Nouns that carry someone's words (issue 18): "X's statement said", "X's remarks suggest",
#: "X's response ... was to recommend": X speaks, the noun is only the channel.
NOMINAL_CUE_WORDS: tuple[str, ...] = (
    "statement", "statements", "response", "remarks", "comments", "reply", "announcement",
    "letter", "e-mail", "email", "e-mails", "emails", "memo", "message", "words", "testimony",
)

#: "A statement by X given by Y": X wrote it, Y only passed it on (issue 18); the source
#: ends before one of these words.
DOCUMENT_PASSED_ON = r"\s+(?:given|read|delivered|read out|released|issued|sent|forwarded)\s+by\s"

#: Openers a sentence may start with that are never part of the speaker.
DISCOURSE_MARKERS: tuple[str, ...] = (
    "however", "meanwhile", "notably", "subsequently", "also", "moreover", "still",
    "on the other hand", "in addition", "but", "and", "then", "later", "earlier",
)

#: Well-known news agencies; the names are general, not taken from any one article.
NEWS_AGENCIES: tuple[str, ...] = (
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "Bloomberg",
    "PTI", "Press Trust of India", "ANI", "IANS", "UNI", "Xinhua", "TASS", "RIA Novosti",
    "Interfax", "KCNA", "Korean Central News Agency", "Yonhap", "Kyodo", "dpa", "EFE",
    "ANSA", "Anadolu", "news agency", "wire service",
)

#: News agencies that belong to a state (their reports are state media).
STATE_AGENCIES: tuple[str, ...] = (
    "Xinhua", "TASS", "RIA Novosti", "KCNA", "Korean Central News Agency",
)

#: (words in the sentence, channel): the first rule that matches names the channel.
CHANNEL_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("website", "online statement"), "website statement"),
    (("state media", "state television", "state tv", "state news agency"), "state media report"),
    (("statement",), "statement released"),
    (("told reuters", "told the associated press", "told ap", "told afp", "told the news agency",
      "told bloomberg", "told xinhua", "told tass"), "told a news agency"),
    (("press conference", "news conference", "briefing"), "press conference"),
    (("interview",), "interview"),
    (("speech", "televised address", "in an address"), "public speech"),
    (("tweet", "tweeted", "posted", "social media", "wrote on", "facebook", "twitter"),
     "social media post"),
    (("announcement", "announced"), "announcement"),
    (("reports", "reportedly", "media reports"), "news reports"),
    (("with inputs from", "reporting by"), "credit line"),
)

#: (words in the source, source type): the first rule that matches gives the type.
SOURCE_TYPE_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("state media", "state news", "state television"), "state media"),
    (("news agency", "agencies", "wire"), "news agency"),
    (("reports", "reportedly", "sources", "allegedly", "officials said", "observers",
      "familiar with", "anonymous", "unnamed", "insiders"),
     "unnamed or vague"),
    (("citizens", "users", "residents", "people", "fans", "customers", "witnesses",
      "protesters", "voters", "netizens", "consumers", "critics"), "members of the public or social media"),
    (("expert", "analyst", "commentator", "professor", "researcher", "economist",
      "scholar", "specialist"), "expert or commentator"),
    (("president", "minister", "secretary", "spokesperson", "spokesman", "spokeswoman",
      "ambassador", "governor", "mayor", "senator", "chancellor", "official", "premier",
      "diplomat", "chief executive", "ceo", "chairman", "director"), "official person"),
    (("ministry", "government", "presidency", "cabinet", "embassy", "department", "office",
      "side", "countries", "country", "council", "parliament", "agency", "authorities",
      "administration", "commission"), "government or ministry"),
)
