from detectors.gazetteer import COUNTRIES, REGIONS, STATUS_WORDS, US_STATES, fold


def test_fold_normalises_case_and_separators():
    assert fold("New_York") == fold("new-york") == fold("  NEW   YORK ") == "new york"


def test_us_states_hold_all_fifty_states_and_dc_by_code_and_name():
    codes = [s for s in US_STATES if len(s) == 2]
    assert len(codes) >= 51 + 5  # states, DC, territories
    assert {"california", "ca", "district of columbia"} <= US_STATES


def test_lists_do_not_overlap_where_that_would_mislead():
    assert not (REGIONS & STATUS_WORDS) - {"ok"}  # Oklahoma's code is also a status
    assert "georgia" in COUNTRIES and "georgia" in REGIONS  # both, genuinely
