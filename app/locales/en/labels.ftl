# Names and sentences for the domain's values (statuses, grounds, refusals,
# the recommendation): the domain decides, these words say it.

decision-kind-reduce = Limit lowered
decision-kind-freeze = Limit frozen
decision-kind-unfreeze = Freeze lifted
decision-kind-restore = Limit restored
decision-summary-reduce = Limit lowered from { $from } to { $to }
decision-summary-restore = Limit restored from { $from } to { $to }
decision-summary-freeze = Your { $from } limit is frozen and can't be used for now
decision-summary-unfreeze = Your { $from } limit is unfrozen

line-status-active = Active
line-status-frozen = Frozen
line-status-closed = Closed

step-status-done = Done
step-status-to-do = To do
step-status-in-progress = In progress ({ $done } of { $of })
step-status-later = After the steps above
step-status-optional = Optional

appeal-status-submitted = Submitted
appeal-status-in-review = In review
appeal-status-awaiting-customer = Waiting for your reply
appeal-status-pending-approval = Waiting for a supervisor
appeal-status-approved = Approved
appeal-status-partially-approved = Partly approved
appeal-status-rejected = Rejected
appeal-status-withdrawn = Withdrawn
appeal-status-closed-no-reply = Closed: no reply
appeal-status-resolved-by-reassessment = Resolved by re-assessment

ground-paid-not-recorded = I paid on time, but the payment was not recorded
ground-bank-delay = The late payment was the bank's delay
ground-activity-was-me = The account activity was me
ground-information-now-complete = My information is now complete
ground-other = Other

appeal-refusal-not-adverse = This decision did not lower or freeze your limit: there is nothing to appeal.
appeal-refusal-replaced = A newer decision has replaced this one; appeal the newest one.
appeal-refusal-window-closed = The appeal window closed on { $closed-on } (appeals are open for { $days } days).
appeal-refusal-already-open = This decision already has an open appeal; add to it on its page.
appeal-refusal-reappeal-used = After a rejection you can appeal once more, and that re-appeal has been used.
appeal-refusal-needs-new-evidence = A re-appeal needs at least one file you have not sent before.

statement-empty = Please write what happened.
statement-too-short = Please write at least { $min } characters.
statement-too-long = Please keep it to { $max } characters.

evidence-too-many = Attach at most { $max } files at a time.
evidence-too-large = “{ $name }” is larger than 5 MB; please make it smaller.
evidence-wrong-type = “{ $name }” is not a PNG, JPEG or PDF file (judged by its content, not its name).
evidence-too-many-pixels = “{ $name }” has more than 50 megapixels; take it at a lower resolution or scale it down.
evidence-empty = “{ $name }” is empty.

reject-reason-overdue-still-unpaid = Overdue still unpaid
reject-reason-record-is-correct = The record is correct
reject-reason-evidence-insufficient = Evidence insufficient
reject-reason-activity-not-explained = Activity not explained
reject-reason-cash-out-confirmed = Cash-out confirmed

verdict-restore = Restore the limit to { $to }
verdict-unfreeze = Lift the freeze
verdict-reject = Keep the decision: { $reason }

rationale-overdue-cleared = overdue cleared { $days ->
    [one] 1 day
   *[other] { $days } days
} after the notice
rationale-overdue-unpaid = { $amount } is still overdue
rationale-first-late = first late payment in 12 months
rationale-late-count = { $count ->
    [one] 1 late payment
   *[other] { $count } late payments
} in 12 months, the longest { $worst ->
    [one] 1 day
   *[other] { $worst } days
}
rationale-steps-outstanding = restoration steps are still outstanding
rationale-evidence-review = { $reason }: the customer's evidence needs review
recommend-restore = restore to { $to }
recommend-unfreeze = lift the freeze
recommend-reject = keep the decision
recommend-judge = judge on the evidence
recommendation-sentence = { $why }: { $action }
rationale-separator = ,{" "}
