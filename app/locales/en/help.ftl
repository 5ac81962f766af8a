# The help centre: one question and its answer's paragraphs per entry.

faq-why-question = Why did my limit drop?
faq-why-answer-1 = Your limit is set automatically by the risk system from your repayments, account security and credit. Every reduction or freeze comes with up to 4 main reasons and the facts behind them (for example which installment and how many days late); see them under My limit and Limit history.

faq-restore-question = How do I restore my limit?
faq-restore-answer-1 = Under each reason is a restoration checklist of what to do and what is already done: for example pay what is overdue, complete real-name verification, keep your linked phone and card unchanged. Once done, appeal or wait for the automatic review.

faq-frozen-question = My limit is frozen. What now?
faq-frozen-answer-1 = While frozen, the limit cannot be used, but keep repaying existing installments on time so nothing goes overdue. Check the reasons and the checklist; if you think it is a mistake (for example the unusual sign-in was you), appeal with evidence. Freezes for suspected cash-out or account security are decided by a supervisor.

faq-cash-question = Can I withdraw my limit as cash?
faq-cash-answer-1 = No. A use-first-pay-later limit is for purchases only. It cannot be withdrawn or moved to a bank card.
faq-cash-answer-2 = Anyone, any group or any advert offering to “withdraw”, “cash out” or “turn your limit into money” is a scam or is leading you into breaking the rules. Cash-out breaks the user agreement and gets a limit frozen. Never give anyone your verification codes or password.

faq-time-question = How long does an appeal take?
faq-time-answer-1 = An appeal is acknowledged at once, gets a first reply from support within 1 day and a decision within 15 calendar days (our target is 5). The clock pauses while support waits for information from you and resumes when you reply. Each notice can be appealed within 90 days.

faq-evidence-question = What evidence helps?
faq-evidence-answer-1 = Evidence that speaks to the reason helps most: payment receipts or bank statements (showing you paid, or that the bank was late), orders and delivery records of genuine purchases, proof of income or employment. PNG, JPEG and PDF files, up to 5 per message, 5 MB each.
