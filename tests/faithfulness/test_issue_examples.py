"""The default checker on the three false sentences quoted in issue 13 and true counterparts, on the real seeds.

Heavy (fits or loads the shipped combination from the judgments): one test.
"""

from research.faithfulness import DEFAULT_CHECKER, build_checker
from research.faithfulness.judgments import article_texts

CASES = {
    "001_435e95628c7731a9": ["Volunteers are being recruited across Niger to fight against the junta.",
                             "Volunteers are being recruited across Niger to help the junta if it needs them."],
    "000_cd27de7ec40d4303": ["Residents of Niamey are signing up to aid the military forces of ECOWAS.",
                             "Residents of Niamey are signing up to defend the country against an ECOWAS intervention."],
    "004_004b61775ea89a25": ["The Soufan Center reported that General Salifou Mody visited Mali and contacted "
                             "someone from Wagner for assistance.",
                             "Voice of America reported that General Salifou Mody visited Mali and asked someone "
                             "from Wagner for help."],
}


def test_default_checker_flags_the_issue_sentences_and_passes_their_true_counterparts():
    texts = article_texts()
    checker = build_checker(DEFAULT_CHECKER)
    verdicts = {article: [v.supported for v in checker.check(texts[article], pair)] for article, pair in CASES.items()}
    assert verdicts == {article: [False, True] for article in CASES}
