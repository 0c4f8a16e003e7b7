Sign in with Feide (OpenID Connect, pas.plugins.oidc): the member's name,
e-mail, faculty (org unit mapped by ``ntnu.casemgmt.orgunit_faculty_map``)
and student/staff status come from the identity at every sign-in; ``make
start`` enables it with ``OIDC_ISSUER``, ``OIDC_CLIENT_ID`` and
``OIDC_CLIENT_SECRET``; ``make idp`` runs a local provider with the
identities of SPEC §10. Refused sign-ins (wrong secret, tampered state,
expired or replayed code) end on a clear page.
