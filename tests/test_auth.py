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
