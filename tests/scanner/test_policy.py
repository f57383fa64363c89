from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import ConfigError
from scanner.policy import BUILTIN_POLICY_PATH, load_policy
from scanner.taxonomy import is_category, is_data_use

POLICY_TEXT = Path(__file__).resolve().parents[3] / "shared/policy/privacy-policy-2019.md"

VALID = """\
version: 1
name: Example policy
description: What Example keeps.
source: example.com/privacy
purposes:
  - id: support
    description: Answer requests.
    data_use: essential.service.operations.support
    cites: "We answer your requests."
  - id: stats
    description: Usage statistics.
    data_use: analytics.reporting
    cites: "We count visits."
retention_rules:
  - id: while_needed
    description: No fixed limit.
    max_age_days: null
    basis: "We keep data while we need it."
  - id: logs
    description: Server logs.
    max_age_days: 90
    basis: "Logs are deleted after 90 days."
default_retention: while_needed
categories:
  - category: user.contact.email
    description: Email.
    purposes: [support]
    cites: "We collect your email address."
  - category: user.device.ip_address
    description: IPs in logs.
    purposes: [support, stats]
    retention: logs
    cites: "We log IP addresses."
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def load_error(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    assert info.value.path == str(path)
    return info.value


# --- the built-in policy -----------------------------------------------------------------


def test_builtin_loads_with_origin() -> None:
    policy = load_policy(None)
    assert policy.origin == f"built-in: {policy.name}"
    assert "Mattermost" in policy.name
    assert policy.minimum_age == 13
    assert load_policy(None) is policy  # loaded once


def test_builtin_keys_are_fideslang_and_references_resolve() -> None:
    policy = load_policy(None)
    rule_ids = {r.id for r in policy.retention_rules}
    purpose_ids = {p.id for p in policy.purposes}
    for c in policy.categories:
        assert is_category(c.category), c.category
        assert set(c.purposes) <= purpose_ids
        assert c.retention is None or c.retention in rule_ids
    for p in policy.purposes:
        assert is_data_use(p.data_use), p.data_use
    assert policy.default_retention == "as_long_as_needed"


def test_builtin_covers_what_the_policy_collects() -> None:
    policy = load_policy(None)
    for category in (
        "user.name",
        "user.contact.email",
        "user.contact.organization",
        "user.contact.address",
        "user.content",
        "user.device.ip_address",
        "user.device",
        "user.behavior.browsing_history",
        "user.behavior.search_history",
        "user.device.device_id",
        "user.account.settings",
        "user.device.cookie_id",
        "user.device.cookie",
        "user.behavior.purchase_history",
        "user.account.username",
    ):
        entry = policy.lookup(category)
        assert entry is not None and entry.category == category


@pytest.mark.parametrize(
    "category",
    [
        "user.contact.phone_number",
        "user.financial.credit_card",
        "user.demographic.date_of_birth",
        "user.government_id.national_identification_number",
        "user.demographic.gender",
        "user.contact",  # broader than anything the policy names
    ],
)
def test_builtin_leaves_out_what_the_policy_never_mentions(category: str) -> None:
    policy = load_policy(None)
    assert policy.lookup(category) is None
    assert policy.purposes_for(category) == []
    with pytest.raises(KeyError):
        policy.retention_for(category)


def test_lookup_picks_the_most_specific_entry() -> None:
    policy = load_policy(None)
    assert policy.lookup("user.contact.address.city").category == "user.contact.address"
    assert policy.lookup("user.name.first").category == "user.name"
    # user.device (browser, OS) is in the policy, but cookie ids have their own entry.
    assert policy.lookup("user.device.cookie_id").category == "user.device.cookie_id"


def test_builtin_retention() -> None:
    policy = load_policy(None)
    three_years = policy.retention_for("user.device.ip_address")
    assert (three_years.id, three_years.max_age_days) == ("cookies_and_online_identifiers", 1095)
    for category in ("user.device.cookie_id", "user.device.device_id", "user.device"):
        assert policy.retention_for(category).id == "cookies_and_online_identifiers"
    default = policy.retention_for("user.contact.email")
    assert (default.id, default.max_age_days) == ("as_long_as_needed", None)
    litigation = policy.rule("litigation_or_investigation")
    assert litigation.max_age_days is None and litigation.extends_after_days == 1825
    assert policy.rule("law_enforcement_disclosure_records").extends_after_days == 365


def test_builtin_purposes() -> None:
    policy = load_policy(None)
    assert "periodic_emails" in {p.id for p in policy.purposes_for("user.contact.email")}
    assert "periodic_emails" not in {p.id for p in policy.purposes_for("user.name")}
    uses = policy.data_uses_for("user.device.cookie_id")
    assert uses.count("functional.storage") == 1  # two cookie purposes share it
    assert "marketing.communications.email" not in policy.data_uses_for("user.contact.email")


@pytest.mark.skipif(not POLICY_TEXT.exists(), reason="needs ../shared/policy (not in a clone)")
def test_builtin_quotes_the_policy_verbatim() -> None:
    text = POLICY_TEXT.read_text(encoding="utf-8")
    policy = load_policy(None)
    for rule in policy.retention_rules:
        assert rule.basis in text, rule.id
    for p in policy.purposes:
        assert p.cites in text, p.id
    for c in policy.categories:
        assert c.cites in text, c.category


def test_builtin_file_is_the_packaged_one() -> None:
    assert BUILTIN_POLICY_PATH.name == "builtin_policy.yaml" and BUILTIN_POLICY_PATH.exists()


# --- a policy file of one's own --------------------------------------------------------


def test_custom_policy_loads(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    policy = load_policy(path)
    assert policy.origin == str(path)
    assert policy.minimum_age == 13
    assert policy.retention_for("user.device.ip_address").max_age_days == 90
    assert policy.retention_for("user.contact.email").id == "while_needed"
    assert [p.id for p in policy.purposes_for("user.device.ip_address")] == ["support", "stats"]


def test_category_typo_names_line_and_suggestion(tmp_path: Path) -> None:
    text = VALID.replace("category: user.contact.email", "category: user.contact.emial")
    err = load_error(tmp_path, text)
    line = line_of(text, "user.contact.emial")
    assert err.line == line
    assert str(err) == (
        f"{err.path}, line {line}: unknown category 'user.contact.emial' "
        "(did you mean 'user.contact.email'?)"
    )


def test_unknown_key_lists_allowed_keys(tmp_path: Path) -> None:
    text = VALID.replace("    retention: logs", "    retension: logs")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "retension")
    assert "unknown key 'retension'" in err.message
    assert err.hint == "did you mean 'retention'?"

    text = VALID.replace("    retention: logs", "    kept_for: logs")
    err = load_error(tmp_path, text)
    assert err.hint == "allowed keys: category, description, purposes, retention, cites"


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = VALID + "owner: legal\n"
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "owner: legal")
    assert "unknown key 'owner'" in err.message and "default_retention" in err.hint


def test_missing_retention_rule_id(tmp_path: Path) -> None:
    text = VALID.replace("retention: logs", "retention: forever")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "retention: forever")
    assert "unknown retention rule 'forever'" in err.message
    assert "while_needed" in err.hint and "logs" in err.hint


def test_default_retention_must_exist(tmp_path: Path) -> None:
    text = VALID.replace("default_retention: while_needed", "default_retention: while_neded")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "default_retention")
    assert err.hint == "did you mean 'while_needed'?"


def test_unknown_purpose_id(tmp_path: Path) -> None:
    text = VALID.replace("purposes: [support, stats]", "purposes: [support, stat]")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "[support, stat]")
    assert "unknown purpose 'stat'" in err.message and "'stats'" in err.hint


def test_unknown_data_use(tmp_path: Path) -> None:
    text = VALID.replace("data_use: analytics.reporting", "data_use: analytics.reportin")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "analytics.reportin")
    assert "did you mean 'analytics.reporting'?" in err.hint


def test_missing_key_points_at_its_mapping(tmp_path: Path) -> None:
    text = VALID.replace('    basis: "Logs are deleted after 90 days."\n', "")
    err = load_error(tmp_path, text)
    assert "missing key 'basis' in retention_rules[1]" in err.message
    assert err.line == line_of(text, "- id: logs")


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    text = VALID.replace("max_age_days: 90", "max_age_days: three months")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "three months")
    assert err.message.startswith("retention_rules[1].max_age_days:")
    assert "three months" not in str(err)  # pydantic inputs are left out of messages


def test_invalid_yaml_syntax_has_a_line(tmp_path: Path) -> None:
    text = VALID.replace("    description: Email.", "    description: [Email.")
    err = load_error(tmp_path, text)
    assert err.message.startswith("invalid YAML")
    assert err.line is not None and err.line >= line_of(text, "[Email.")


def test_duplicate_key_and_duplicate_id(tmp_path: Path) -> None:
    text = VALID.replace("name: Example policy\n", "name: Example policy\nname: Other\n")
    err = load_error(tmp_path, text)
    assert "duplicate key 'name'" in err.message and err.line == 3 and "line 2" in err.hint

    text = VALID.replace("  - id: stats", "  - id: support")
    err = load_error(tmp_path, text)
    assert "duplicate purpose id 'support'" in err.message
    assert err.line == line_of(text, "  - id: support") + 4


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert "empty" in load_error(tmp_path, "").message
    assert "expected a mapping" in load_error(tmp_path, "- a\n- b\n").message
    with pytest.raises(ConfigError, match="file not found"):
        load_policy(tmp_path / "nope.yaml")


def test_every_problem_is_listed_by_line(tmp_path: Path) -> None:
    text = (
        VALID.replace("    description: Usage statistics.", "    desciption: Usage statistics.")
        .replace("category: user.device.ip_address", "category: user.device.ip_adress")
        .replace("purposes: [support]", "purposes: [suport]")
    )
    err = load_error(tmp_path, text)
    where = f"{err.path}, line"
    assert str(err).splitlines() == [
        f"{where} {line_of(text, 'desciption')}: unknown key 'desciption' "
        "(did you mean 'description'?)",
        f"{where} {line_of(text, '[suport]')}: unknown purpose 'suport' (did you mean 'support'?)",
        f"{where} {line_of(text, 'ip_adress')}: unknown category 'user.device.ip_adress' "
        "(did you mean 'user.device.ip_address'?)",
    ]
    # The misspelling is the problem; the key it stands for is not reported missing too.
    assert "missing" not in str(err)
    assert [p.line for p in err.problems] == sorted(p.line for p in err.problems)
    assert (err.line, err.message) == (err.problems[0].line, err.problems[0].message)


def test_references_to_a_broken_id_are_not_blamed(tmp_path: Path) -> None:
    text = VALID.replace("  - id: stats", "  - idd: stats").replace(
        "default_retention: while_needed", "default_retention: while_neded"
    )
    err = load_error(tmp_path, text)
    # "stats" cannot be checked while its purpose has no id; the retention rules still can.
    assert [p.message for p in err.problems] == [
        "unknown key 'idd'",
        "unknown retention rule 'while_neded'",
    ]
    assert err.problems[0].hint == "did you mean 'id'?"
