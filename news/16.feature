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
