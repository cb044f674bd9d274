"""The second factor: authenticator apps (TOTP), passkeys (WebAuthn) and recovery codes.

- `devices.py` reads an agent's devices and checks a code or a passkey's answer;
- `requirement.py` says who must have one (administrators, and what higher apps register:
  the parapheur registers its signers);
- `actions.py` writes: enrolment, removal, recovery codes, the sign-in second step, the
  administrator's reset — each with its audit event;
- `middleware.py` is the gate: after the password, an agent with a device presents it
  before any page, and an agent who must have one enrols first. It is keyed on
  django-otp's `request.user.is_verified()`, so single sign-on passes the same gate.
"""
