"""Who may edit: each configuration path, and the constant-time passphrase check."""

import pytest

from components.auth import edit_mode, passphrase_matches


@pytest.mark.parametrize(
    ("secrets", "env", "address", "mode"),
    [
        ({"auth": {"client_id": "x"}}, {}, "0.0.0.0", "oidc"),
        ({"auth": {"client_id": "x"}, "editor_passphrase": "p"}, {}, "127.0.0.1", "oidc"),  # OIDC wins
        ({"editor_passphrase": "p"}, {}, "0.0.0.0", "passphrase"),
        ({}, {"PLAN_EDITOR_PASSPHRASE": "p"}, "0.0.0.0", "passphrase"),
        ({}, {}, "127.0.0.1", "localhost"),
        ({}, {}, "localhost", "localhost"),
        ({}, {}, "0.0.0.0", "none"),
        ({}, {}, "", "none"),  # Streamlit's default (all interfaces) is not local
        ({"editor_passphrase": ""}, {}, "0.0.0.0", "none"),
    ],
)
def test_edit_mode(secrets, env, address, mode):
    assert edit_mode(secrets, env, address) == mode


def test_passphrase_comparison():
    assert passphrase_matches("correct horse", "correct horse")
    assert not passphrase_matches("correct hors", "correct horse")
    assert not passphrase_matches("", "correct horse")
    assert passphrase_matches("ünïcode", "ünïcode")


def test_a_signed_in_email_gives_a_role():
    from components.auth import MANAGER, OFFICER, VIEWER, role_for_email

    officers = {"sue@tamworth.gov.uk": ("sue-philp", "Sue Philp")}
    assert role_for_email(" Sue@Tamworth.gov.uk ", [], officers) == (OFFICER, "sue-philp", "Sue Philp")
    assert role_for_email("sue@tamworth.gov.uk", ["SUE@tamworth.gov.uk"], officers) == (MANAGER, "sue-philp",
                                                                                        "Sue Philp")
    assert role_for_email("boss@tamworth.gov.uk", ["boss@tamworth.gov.uk"], officers) == (MANAGER, None, None)
    assert role_for_email("visitor@example.org", ["boss@tamworth.gov.uk"], officers) == (VIEWER, None, None)
    assert role_for_email(None, [], officers) == (VIEWER, None, None)


def test_officers_may_update_only_what_they_own():
    from components.auth import MANAGER, OFFICER, VIEWER, Access

    officer = Access(OFFICER, "Sue Philp", "oidc", "", "sue-philp")
    assert officer.may_update(["sue-philp", "tina-mustafa"]) and not officer.may_update(["tina-mustafa"])
    assert Access(MANAGER, "Boss", "oidc", "").may_update(["tina-mustafa"])
    assert not Access(VIEWER, None, "none", "").may_update(["sue-philp"])


def test_throttle_waits_longer_after_each_wrong_guess():
    from components import throttle

    throttle.forget_all()
    for i in range(5):
        assert throttle.seconds_to_wait("10.0.0.1", "s1", now=1000.0 + i) == 0
        throttle.record_failure("10.0.0.1", "s1", now=1000.0 + i)
    assert throttle.seconds_to_wait("10.0.0.1", "s2", now=1004.0) == 5  # same computer, new session
    assert throttle.seconds_to_wait("10.0.0.2", "s1", now=1004.0) == 5  # same session, new address
    assert throttle.seconds_to_wait("10.0.0.2", "s2", now=1004.0) == 0
    throttle.record_failure("10.0.0.1", "s1", now=1010.0)
    assert throttle.seconds_to_wait("10.0.0.1", "s1", now=1010.0) == 10  # doubled
    for n in range(60):
        throttle.record_failure("10.0.0.1", "s1", now=1011.0 + n / 10)
    # the last wrong guess was at 1016.9: the wait is capped at 15 minutes from it (899.9 s, rounded up)
    assert throttle.seconds_to_wait("10.0.0.1", "s1", now=1017.0) == 15 * 60
    throttle.forget_all()
