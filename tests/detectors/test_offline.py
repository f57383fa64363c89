import socket

import pytest
import tldextract
import tldextract.tldextract as tld_module

from detectors.offline import use_bundled_public_suffixes

PSL_URL = "https://publicsuffix.org/list/public_suffix_list.dat"


@pytest.fixture
def network_attempts(monkeypatch) -> list[str]:
    """Block the network: every attempt to resolve or connect is recorded and fails."""
    attempts: list[str] = []

    def refuse(what: str):
        def blocked(*args, **kwargs):
            attempts.append(what)
            raise OSError("network blocked by test")

        return blocked

    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    return attempts


@pytest.fixture
def online_default_extractor(monkeypatch, tmp_path):
    """Put back tldextract's out-of-the-box behaviour (fetch the list, empty cache) for the
    test, and restore whatever was there afterwards."""
    extractor = tldextract.TLDExtract(cache_dir=str(tmp_path), suffix_list_urls=(PSL_URL,))
    monkeypatch.setattr(tld_module, "TLD_EXTRACTOR", extractor)
    return extractor


def test_the_block_catches_tldextract_fetching_the_list(network_attempts, tmp_path):
    # Without our configuration tldextract tries the network first (and then falls back).
    extractor = tldextract.TLDExtract(cache_dir=str(tmp_path), suffix_list_urls=(PSL_URL,))
    assert extractor("forums.bbc.co.uk").suffix == "co.uk"
    assert network_attempts


def test_tldextract_uses_only_the_bundled_snapshot(network_attempts, online_default_extractor):
    use_bundled_public_suffixes()
    assert tld_module.TLD_EXTRACTOR is not online_default_extractor
    result = tldextract.extract("forums.bbc.co.uk")
    assert (result.domain, result.suffix) == ("bbc", "co.uk")
    assert network_attempts == []


def test_presidio_email_recognizer_validates_domains_offline(
    network_attempts, online_default_extractor
):
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    use_bundled_public_suffixes()
    recognizer = EmailRecognizer()
    assert recognizer.validate_result("jane@example.co.uk") is True
    assert recognizer.validate_result("jane@localhost") is False
    assert network_attempts == []


def test_configuring_twice_keeps_one_extractor(online_default_extractor):
    use_bundled_public_suffixes()
    first = tld_module.TLD_EXTRACTOR
    use_bundled_public_suffixes()
    assert tld_module.TLD_EXTRACTOR is first
