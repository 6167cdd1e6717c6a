"""Every bad input tried, and the message it gets: the data of tests/test_bad_input.py and of docs/bad-input.md.

Each case runs in a scratch folder (so paths in messages are short and stable) with a copy of the
shipped rules/ and faq.yaml; `files` are written there first, `edits` change the copied content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

OK = ("--set", "profile=lycee", "--set", "goal=join")
RULES = ("--rules", "rules", "--faq", "faq.yaml")


@dataclass(frozen=True)
class Case:
    id: str
    what: str  # the bad input, as a person would describe it (for the table)
    args: tuple[str, ...]
    stderr: str  # the exact message on stderr
    files: dict[str, bytes] = field(default_factory=dict)
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)  # file: (old, new), in the copied content
    exit: int = 2


def answers(text: str | bytes, *extra: str) -> tuple[dict[str, bytes], tuple[str, ...]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return {"a.yaml": data}, ("run", "--answers", "a.yaml", "--no-input", "--format", "json", *extra)


HINT_EXAMPLE = "  Conseil : écrivez une ligne par réponse, par exemple « profile: company » puis « goal: join »."
HINT_FIX = "  Conseil : corrigez la syntaxe à cet endroit (indentation, deux-points, guillemets)."
HINT_TAG = (
    "  Conseil : seules les données simples sont acceptées (texte, nombres, listes, tables) : retirez l'étiquette."
)


def choices(question: str, lang: str = "fr") -> str:
    """The hint that lists a question's choices: each menu label (in `lang`, read from the shipped
    rules) with its id, after the words saying both are accepted."""
    path = Path(__file__).resolve().parent.parent / "rules" / "questions.yaml"
    spec = next(q for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"] if q["id"] == question)

    def said(text: str | dict[str, str]) -> str:
        return text if isinstance(text, str) else text.get(lang, text["fr"])

    # The label of the menus: the short one when the choice has one.
    labels = [(said(c.get("short", c["label"])), c["id"]) for c in spec["choices"]]
    if lang == "en":
        shown = ", ".join(f"'{label}' ({cid})" for label, cid in labels)
        return f"Possible answers, by label or by id (the start of a word is enough): {shown}."
    shown = ", ".join(f"« {label} » ({cid})" for label, cid in labels)
    return f"Réponses possibles, par libellé ou par identifiant (le début d'un mot suffit) : {shown}."


HINT_PROFILE = "  Conseil : " + choices("profile")
HINT_ALIAS = "  Conseil : les ancres et alias (&nom / *nom) ne sont pas acceptés : écrivez la valeur en entier."
HINT_WRITE = "  Conseil : vérifiez que le dossier existe, qu'il est accessible en écriture et qu'il reste de la place."
QUESTIONS = (
    "profile, goal, economic_stake, learner_level, activity_in_theme, institution_kind, "
    "training_employment_link, mobility_scope, governance_role"
)


def _case(id: str, what: str, text: str | bytes, stderr: str, *extra: str) -> Case:
    files, args = answers(text, *extra)
    return Case(id, what, args, stderr, files=files)


ANSWER_CASES = [
    _case("empty", "an empty answer file", "", "Erreur : a.yaml: le fichier de réponses est vide\n" + HINT_EXAMPLE),
    _case(
        "only-comments",
        "an answer file of comments only",
        "# rien\n",
        "Erreur : a.yaml: le fichier de réponses est vide\n" + HINT_EXAMPLE,
    ),
    _case(
        "list",
        "a YAML list instead of a mapping",
        "- company\n- join\n",
        "Erreur : a.yaml:1: un fichier de réponses doit associer des questions à des réponses\n" + HINT_EXAMPLE,
    ),
    _case(
        "scalar",
        "a single word instead of a mapping",
        "company\n",
        "Erreur : a.yaml: un fichier de réponses doit associer des questions à des réponses\n" + HINT_EXAMPLE,
    ),
    _case(
        "syntax",
        "malformed YAML (an unclosed bracket)",
        "profile: [company\ngoal: join\n",
        "Erreur : a.yaml:2:5: YAML invalide : une virgule ou un « ] » est attendu\n" + HINT_FIX,
    ),
    _case(
        "tab",
        "a tab used for indentation",
        "profile: company\n\tgoal: join\n",
        "Erreur : a.yaml:2:1: YAML invalide : une tabulation ne peut pas servir d'indentation\n" + HINT_FIX,
    ),
    _case(
        "bad-json",
        "malformed JSON",
        '{"profile": "company",,}',
        "Erreur : a.yaml:1:23: YAML invalide : une valeur est attendue\n" + HINT_FIX,
    ),
    _case(
        "two-documents",
        "two YAML documents in one file",
        "profile: company\n---\ngoal: join\n",
        "Erreur : a.yaml:2:1: YAML invalide : un seul document YAML est attendu : retirez le second « --- »\n"
        + HINT_FIX,
    ),
    _case(
        "deep",
        "deeply nested YAML (5,000 brackets)",
        "profile: " + "[" * 5000 + "]" * 5000 + "\n",
        "Erreur : a.yaml:1:1009: YAML invalide : imbrication trop profonde\n" + HINT_FIX,
    ),
    _case(
        "alias",
        "a YAML alias",
        "x: &c company\nprofile: *c\n",
        "Erreur : a.yaml:2:10: alias YAML « *c » refusé\n" + HINT_ALIAS,
    ),
    _case(
        "billion-laughs",
        "an exponential alias (« billion laughs »)",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "Erreur : a.yaml:2:8: alias YAML « *a » refusé\n" + HINT_ALIAS,
    ),
    _case(
        "recursive-alias",
        "a recursive alias",
        "a: &a [*a]\n",
        "Erreur : a.yaml:1:8: alias YAML « *a » refusé\n" + HINT_ALIAS,
    ),
    _case(
        "merge-key",
        "a YAML merge key (`<<: *x`)",
        "b: &x {profile: company}\n<<: *x\n",
        "Erreur : a.yaml:2:5: alias YAML « *x » refusé\n" + HINT_ALIAS,
    ),
    _case(
        "duplicate-key",
        "the same question twice",
        "profile: company\ngoal: join\nprofile: lycee\n",
        "Erreur : a.yaml:3: clé « profile » en double (déjà à la ligne 1)\n"
        "  Conseil : gardez une seule de ces deux clés.",
    ),
    _case(
        "python-apply",
        "a Python tag (`!!python/object/apply`)",
        "profile: !!python/object/apply:os.system ['echo owned']\n",
        "Erreur : a.yaml:1: étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » refusée\n" + HINT_TAG,
    ),
    _case(
        "python-name",
        "a Python tag (`!!python/name`)",
        "profile: !!python/name:os.system\n",
        "Erreur : a.yaml:1: étiquette YAML « tag:yaml.org,2002:python/name:os.system » refusée\n" + HINT_TAG,
    ),
    _case(
        "local-tag",
        "an unknown local tag (`!foo`)",
        "profile: !foo company\n",
        "Erreur : a.yaml:1: étiquette YAML « !foo » refusée\n" + HINT_TAG,
    ),
    _case(
        "binary-tag",
        "a `!!binary` value",
        "profile: !!binary Y29tcGFueQ==\n",
        "Erreur : a.yaml:1: réponse « b'company' » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "date",
        "a date as an answer",
        "profile: 2024-01-31\n",
        "Erreur : a.yaml:1: réponse « 2024-01-31 » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "version-number",
        "a number that looks like a version (`1.10`, read as 1.1)",
        "profile: 1.10\n",
        "Erreur : a.yaml:1: réponse « 1.1 » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "octal",
        "a number with a leading zero (`010`, read as 8)",
        "profile: 010\n",
        "Erreur : a.yaml:1: réponse « 8 » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "huge-number",
        "an integer of 5,000 digits",
        "profile: " + "9" * 5000 + "\n",
        "Erreur : a.yaml: valeur impossible à lire (par exemple un nombre de plusieurs milliers de chiffres)\n"
        "  Conseil : si c'est un texte, mettez-le entre guillemets ; sinon raccourcissez-le.",
    ),
    _case(
        "null-value",
        "an empty answer (`profile:`)",
        "profile:\n",
        "Erreur : a.yaml:1: réponse « None » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "list-value",
        "a list as an answer",
        "profile: [company, lycee]\n",
        "Erreur : a.yaml:1: réponse « ['company', 'lycee'] » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "number-key",
        "a number as a key",
        "1: company\n",
        f"Erreur : a.yaml:1: question inconnue « 1 »\n  Conseil : Questions : {QUESTIONS}.",
    ),
    _case(
        "null-key",
        "a null key (`~:`)",
        "~: company\n",
        f"Erreur : a.yaml:1: question inconnue « None »\n  Conseil : Questions : {QUESTIONS}.",
    ),
    _case(
        "list-key",
        "a list as a key",
        "? [profile, goal]\n: company\n",
        "Erreur : a.yaml:1: une clé doit être un texte simple\n" + HINT_FIX,
    ),
    _case(
        "unknown-question",
        "a misspelt question id",
        "profil: company\n",
        "Erreur : a.yaml:1: question inconnue « profil »\n"
        f"  Conseil : Vouliez-vous dire « profile » ? Questions : {QUESTIONS}.",
    ),
    _case(
        "bad-value",
        "a misspelt answer",
        "profile: compagny\n",
        "Erreur : a.yaml:1: réponse « compagny » invalide pour « profile »\n"
        "  Conseil : Vouliez-vous dire « company » ? " + choices("profile"),
    ),
    _case(
        "long-line",
        "a single line of 900,000 characters",
        "profile: " + "x" * 900_000 + "\n",
        "Erreur : a.yaml:1: réponse « " + "x" * 59 + "… » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "set-key",
        "a YAML set as a key (`? !!set {a: null}`)",
        "? !!set {a: null}\n: x\n",
        "Erreur : a.yaml:1: une clé doit être un texte simple\n" + HINT_FIX,
    ),
    _case(
        "escape-in-answer",
        "escape sequences in an answer (OSC 52, clear screen)",
        'profile: "\\e]52;c;cHduZWQ=\\a\\e[2J"\n',
        "Erreur : a.yaml:1: réponse « \\x1b]52;c;cHduZWQ=\\x07\\x1b[2J » invalide pour « profile »\n" + HINT_PROFILE,
    ),
    _case(
        "too-large",
        "an answer file over 1 MB",
        "# " + "x" * (1024 * 1024) + "\nprofile: company\n",
        "Erreur : a.yaml: fichier de réponses trop volumineux (1.0 MB ; au plus 1.0 MB)\n"
        "  Conseil : découpez le fichier, ou vérifiez qu'il s'agit du bon fichier.",
    ),
    _case(
        "nul-byte",
        "binary data (a NUL byte)",
        b"profile: company\ngoal: \x00join\n",
        "Erreur : a.yaml:2: fichier de réponses binaire (octet nul) : un fichier texte est attendu\n"
        "  Conseil : donnez un fichier texte (YAML ou JSON).",
    ),
    _case(
        "latin1",
        "a file in Latin-1, not UTF-8",
        "profile: company\ngoal: intégrer\n".encode("latin-1"),
        "Erreur : a.yaml:2: fichier de réponses illisible : son texte n'est pas en UTF-8 (octet 0xe9 inattendu)\n"
        "  Conseil : enregistrez le fichier en UTF-8 (par exemple : iconv -f latin1 -t utf-8).",
    ),
    _case(
        "control-char",
        "a control character (BEL)",
        "profile: company\ngoal: jo\x07in\n",
        "Erreur : a.yaml:2:9: caractère #x0007 interdit en YAML (caractère de contrôle)\n"
        "  Conseil : donnez un fichier texte (YAML ou JSON).",
    ),
    Case(
        "missing-file",
        "an answer file that does not exist",
        ("run", "--answers", "nope.yaml", "--no-input"),
        "Erreur : nope.yaml: fichier de réponses introuvable\n  Conseil : vérifiez le chemin indiqué.",
    ),
    Case(
        "directory",
        "a folder given as the answer file",
        ("run", "--answers", "rules", "--no-input"),
        "Erreur : rules: c'est un dossier, pas un fichier de réponses\n  Conseil : vérifiez le chemin indiqué.",
    ),
    Case(
        "dev-zero",
        "`/dev/zero` as the answer file (endless)",
        ("run", "--answers", "/dev/zero", "--no-input"),
        "Erreur : /dev/zero: fichier de réponses trop volumineux (plus de 1.0 MB)\n"
        "  Conseil : découpez le fichier, ou vérifiez qu'il s'agit du bon fichier.",
    ),
    Case(
        "dev-null",
        "`/dev/null` as the answer file",
        ("run", "--answers", "/dev/null", "--no-input"),
        "Erreur : /dev/null: le fichier de réponses est vide\n" + HINT_EXAMPLE,
    ),
]

OPTION_CASES = [
    Case(
        "set-no-equals",
        "`--set` without `=`",
        ("run", "--set", "profile", "--no-input"),
        "Erreur : --set: --set attend ID=VALEUR, pas « profile »\n  Conseil : par exemple : --set profile=company",
    ),
    Case(
        "set-no-id",
        "`--set` without an id",
        ("run", "--set", "=company", "--no-input"),
        "Erreur : --set: --set attend ID=VALEUR, pas « =company »\n  Conseil : par exemple : --set profile=company",
    ),
    Case(
        "set-bad-value",
        "`--set` with a misspelt value",
        ("run", "--set", "goal=joinn", "--no-input"),
        "Erreur : --set goal: réponse « joinn » invalide pour « goal »\n"
        "  Conseil : Vouliez-vous dire « join » ? " + choices("goal"),
    ),
    Case(
        "format",
        "an unknown `--format`",
        ("run", *OK, "--no-input", "--format", "pdf"),
        "Erreur : valeur « pdf » invalide pour « --format »\n"
        "  Conseil : Valeurs possibles : rich, text, markdown, json, html.",
    ),
    Case(
        "lang",
        "an unknown `--lang`",
        ("--lang", "de", "run", *OK, "--no-input"),
        "Erreur : valeur « de » invalide pour « --lang »\n  Conseil : Valeurs possibles : fr, en.",
    ),
    Case(
        "format-typo",
        "a misspelt `--format` value",
        ("run", *OK, "--no-input", "--format", "markdwn"),
        "Erreur : valeur « markdwn » invalide pour « --format »\n"
        "  Conseil : Vouliez-vous dire « markdown » ? Valeurs possibles : rich, text, markdown, json, html.",
    ),
    Case(
        "unknown-option",
        "a misspelt option",
        ("run", *OK, "--formt", "json"),
        "Erreur : option inconnue « --formt »\n"
        "  Conseil : Vouliez-vous dire « --format » ? « cmq-wizard run --help » décrit les options.",
    ),
    Case(
        "option-without-value",
        "an option without its value",
        ("run", "--set"),
        "Erreur : l'option « --set » attend une valeur\n  Conseil : « cmq-wizard run --help » décrit les options.",
    ),
    Case(
        "missing-argument",
        "a command without its argument",
        ("stats",),
        "Erreur : il manque l'argument FICHIER\n  Conseil : Utilisation\u00a0: cmq-wizard stats [OPTIONS] FICHIER",
    ),
    Case(
        "unknown-command",
        "a misspelt command",
        ("rnu",),
        "Erreur : commande inconnue « rnu »\n"
        "  Conseil : Vouliez-vous dire « run » ? « cmq-wizard --help » liste les commandes.",
    ),
    Case(
        "lang-twice",
        "`--lang` before and after the command, with two values",
        ("--lang", "fr", "run", "--lang", "en", *OK),
        "Error: option '--lang' is given twice with different values (fr, then en)\n"
        "  Hint: give '--lang' only once, before or after the command.",
    ),
    Case(
        "output-missing-folder",
        "`--output` into a folder that does not exist",
        ("run", *OK, "--no-input", "--output", "nope/result.md"),
        "Erreur : nope/result.md: impossible d'écrire le fichier : le dossier n'existe pas\n" + HINT_WRITE,
    ),
    Case(
        "output-is-folder",
        "`--output` naming a folder",
        ("run", *OK, "--no-input", "--output", "rules"),
        "Erreur : rules: impossible d'écrire le fichier : c'est un dossier\n" + HINT_WRITE,
    ),
    Case(
        "output-under-file",
        "`--output` under a file, as if it were a folder",
        ("run", *OK, "--no-input", "--output", "faq.yaml/result.md"),
        "Erreur : faq.yaml/result.md: impossible d'écrire le fichier : le dossier n'existe pas\n" + HINT_WRITE,
    ),
    Case(
        "save-answers-missing-folder",
        "`--save-answers` into a folder that does not exist",
        ("run", *OK, "--no-input", "--save-answers", "nope/a.yaml"),
        "Erreur : nope/a.yaml: impossible d'écrire le fichier : le dossier n'existe pas\n" + HINT_WRITE,
    ),
    Case(
        "faq-show-unknown",
        "`faq show` with an unknown id",
        ("faq", "show", "mobilty"),
        "Erreur : faq show: entrée de FAQ inconnue « mobilty »\n"
        "  Conseil : Vouliez-vous dire « mobility » ? « cmq-wizard faq list » donne les identifiants.",
    ),
]

RULE_CASES = [
    Case(
        "rules-missing",
        "`--rules` naming a folder that does not exist",
        ("--rules", "nope", "run", *OK, "--no-input"),
        "Erreur : nope: dossier de règles introuvable\n"
        "  Conseil : donnez avec --rules (ou CMQ_WIZARD_RULES) un dossier qui contient ruleset.yaml et "
        "questions.yaml.",
    ),
    Case(
        "faq-missing",
        "`--faq` naming a file that does not exist",
        ("--faq", "nope.yaml", "run", *OK, "--no-input"),
        "Erreur : nope.yaml: fichier de FAQ introuvable\n  Conseil : vérifiez le chemin indiqué.",
    ),
    Case(
        "rules-tab",
        "a rule file with a tab in its indentation",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : rules/join.yaml:8:1: YAML invalide : une tabulation ne peut pas servir d'indentation\n" + HINT_FIX,
        edits={
            "rules/join.yaml": ("    when: {goal: join, profile: training_body, learner_level: primary}", "\twhen: x")
        },
    ),
    Case(
        "rules-unknown-key",
        "a rule with an unknown key",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : rules/join.yaml:9: clé inconnue « verdit »\n  Conseil : Vouliez-vous dire « verdict » ?",
        edits={"rules/join.yaml": ("    verdict: not_eligible\n", "    verdit: not_eligible\n")},
    ),
    Case(
        "rules-alias",
        "an alias in a rule file",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : rules/join.yaml:8:11: alias YAML « *w » refusé\n" + HINT_ALIAS,
        edits={
            "rules/join.yaml": (
                "    when: {goal: join, profile: training_body, learner_level: primary}",
                "    when: *w",
            )
        },
    ),
    Case(
        "rules-version-float",
        "a rule-set version written as a bare number (`1.10`)",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : rules/ruleset.yaml:6: version : Input should be a valid string\n"
        "  Conseil : voir le schéma dans schemas/ pour la forme attendue.",
        edits={"rules/ruleset.yaml": ('version: "2026.11.1"', "version: 1.10")},
    ),
    Case(
        "rules-yes-no",
        "a YAML 1.1 `yes` (read as true) in a condition on a question without a yes",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : rules/join.yaml:8: choix inconnu « yes » pour la question « learner_level »\n"
        "  Conseil : connus : primary, college_early, college_late, lycee_or_higher, adults_only.",
        edits={"rules/join.yaml": ("learner_level: primary}", "learner_level: yes}")},
    ),
    Case(
        "faq-latin1",
        "a FAQ file in Latin-1",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : faq.yaml:1: fichier de FAQ illisible : son texte n'est pas en UTF-8 (octet 0xe9 inattendu)\n"
        "  Conseil : enregistrez le fichier en UTF-8 (par exemple : iconv -f latin1 -t utf-8).",
        files={"faq.yaml": "# é\n".encode("latin-1")},
    ),
    Case(
        "faq-python-tag",
        "a Python tag in the FAQ",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : faq.yaml:1: étiquette YAML « tag:yaml.org,2002:python/object/new:list » refusée\n" + HINT_TAG,
        files={"faq.yaml": b"source: !!python/object/new:list []\n"},
    ),
    Case(
        "questions-empty",
        "an empty questions.yaml",
        (*RULES, "run", *OK, "--no-input"),
        "Erreur : rules/questions.yaml: le fichier questions.yaml est vide\n  Conseil : ajoutez la clé « questions ».",
        files={"rules/questions.yaml": b""},
    ),
]

ENGLISH_CASES = [
    Case(
        "en-alias",
        "a YAML alias (in English)",
        ("--lang", "en", *answers("x: &c company\nprofile: *c\n")[1]),
        "Error: a.yaml:2:10: YAML alias '*c' refused\n"
        "  Hint: anchors and aliases (&name / *name) are not accepted: write the value out in full.",
        files={"a.yaml": b"x: &c company\nprofile: *c\n"},
    ),
    Case(
        "en-dev-zero",
        "`/dev/zero` as the answer file (in English)",
        ("--lang", "en", "run", "--answers", "/dev/zero", "--no-input"),
        "Error: /dev/zero: answer file too large (over 1.0 MB)\n"
        "  Hint: split the file, or check that it is the right one.",
    ),
    Case(
        "en-output-missing-folder",
        "`--output` into a folder that does not exist (in English)",
        ("--lang", "en", "run", *OK, "--no-input", "--output", "nope/r.md"),
        "Error: nope/r.md: cannot write the file: the folder does not exist\n"
        "  Hint: check that the folder exists, that it is writable and that there is space left.",
    ),
]

CASES = ANSWER_CASES + OPTION_CASES + RULE_CASES + ENGLISH_CASES
