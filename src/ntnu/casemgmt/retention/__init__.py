"""Retention of closed cases (SPEC §11): when a case's retention ends
(``schedule.py``, the scheduled job), the warning to its faculty
(``mails.py``), and what anonymising a case removes (``anonymise.py``)."""
