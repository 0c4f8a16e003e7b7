Notification cases begin to reach people (issue 16, first part): letters
are delivered when sent (a notice with a link to the recipient, an outside
``recipient_email`` and the ``copy_to`` users, never the letter's text) and
cannot be sent while a placeholder of their template is unfilled (400
naming it; the letter page marks them); ``@receipt`` and the receipt page
show the letters to the notifier; the receipt confirmation names the case
officer and responsible manager or keeps a placeholder; two more letter
templates (warning for violating an expulsion decision, notice of
exclusion). A named notifier gets a receipt when the case is made; the
responsible manager is told when named. ``casemgmt-jobs`` reminds the
forward deadline (the working day before and when passed), the
confirmation deadline, the case's ``deadline`` and a measure's due date,
once each. ``investigate_further`` takes a case from assessment back to
investigation. ``@register-notification`` and a form register a
notification received orally, by letter, e-mail or phone. Upgrade step
1004.

Notifiers and parties take part: every ``CaseMessage`` belongs to one
conversation (``thread``: ``notifier`` or ``party:<user id>``), read only by
its participant and the unit (a derived ``ConversationParticipant`` role;
messages block the case's roles), so every generic path obeys it.
``<notification>/@messages`` (GET, POST with ``attachments``): a named
notifier or a party writes in their own conversation, the unit names it; a
closed case takes none (400). Attachments become internal CaseDocuments
with ``source`` (413 over the size or count limit, nothing stored; the
name without path parts; served as downloads with ``nosniff``).
``@receipt/message`` and the receipt page take attachments too. The unit
is mailed when a notifier or party writes, the participant when the unit
writes (never an anonymous notifier; never the text). The case page shows
each person their conversation with a form (files), the unit every one.
``@notify`` takes ``attachments`` too: evidence in the notifier's conversation, or 413/400 and no case made.
