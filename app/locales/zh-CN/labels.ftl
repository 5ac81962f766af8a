# 领域值（状态、申诉理由、拒绝原因、建议）的名称和句子：领域负责判断，这里负责措辞。

decision-kind-reduce = 额度降低
decision-kind-freeze = 额度冻结
decision-kind-unfreeze = 解除冻结
decision-kind-restore = 额度恢复
decision-summary-reduce = 额度由 { $from } 降至 { $to }
decision-summary-restore = 额度由 { $from } 恢复至 { $to }
decision-summary-freeze = 额度 { $from } 已冻结，暂不能使用
decision-summary-unfreeze = 额度 { $from } 已解除冻结

line-status-active = 正常
line-status-frozen = 已冻结
line-status-closed = 已关闭

step-status-done = 已完成
step-status-to-do = 待完成
step-status-in-progress = 进行中（{ $done }/{ $of }）
step-status-later = 完成上一步后进行
step-status-optional = 可选

appeal-status-submitted = 已提交
appeal-status-in-review = 审核中
appeal-status-awaiting-customer = 待你补充材料
appeal-status-pending-approval = 待主管复核
appeal-status-approved = 申诉成功
appeal-status-partially-approved = 部分通过
appeal-status-rejected = 未通过
appeal-status-withdrawn = 已撤回
appeal-status-closed-no-reply = 因未回复关闭
appeal-status-resolved-by-reassessment = 已通过重新评估恢复

ground-paid-not-recorded = 我按时还了款，但没有被记录
ground-bank-delay = 逾期是银行扣款延迟造成的
ground-activity-was-me = 异常操作其实是我本人
ground-information-now-complete = 我的信息现在已经完善
ground-other = 其他原因

appeal-refusal-not-adverse = 这次调整没有降低或冻结额度，无需申诉。
appeal-refusal-replaced = 这次调整已被更新的调整取代，请对最新的调整申诉。
appeal-refusal-window-closed = 申诉期限已于 { $closed-on } 结束（调整后 { $days } 天内可申诉）。
appeal-refusal-already-open = 这次调整已有一个处理中的申诉，请在申诉页面补充材料。
appeal-refusal-reappeal-used = 申诉未通过后只能再申诉一次，这次机会已经用过。
appeal-refusal-needs-new-evidence = 再次申诉需要提供至少一个之前没有提交过的新文件。

statement-empty = 请写下申诉说明。
statement-too-short = 申诉说明至少需要 { $min } 个字。
statement-too-long = 申诉说明最多 { $max } 个字。

evidence-too-many = 每次最多上传 { $max } 个文件。
evidence-too-large = “{ $name }”超过 5 MB，请压缩后再上传。
evidence-wrong-type = “{ $name }”不是 PNG、JPEG 或 PDF 文件（按文件内容判断，而不是文件名）。
evidence-too-many-pixels = “{ $name }”的分辨率超过 5000 万像素，请用较低的分辨率拍摄或缩小后再上传。
evidence-empty = “{ $name }”是空文件。

reject-reason-overdue-still-unpaid = 仍有逾期未还
reject-reason-record-is-correct = 记录无误
reject-reason-evidence-insufficient = 证据不足
reject-reason-activity-not-explained = 异常操作无法确认
reject-reason-cash-out-confirmed = 确认套现

verdict-restore = 恢复额度至 { $to }
verdict-unfreeze = 解除冻结
verdict-reject = 维持原决定：{ $reason }

rationale-overdue-cleared = 逾期款项在通知后 { $days } 天内还清
rationale-overdue-unpaid = 仍有 { $amount } 逾期未还
rationale-first-late = 12 个月内首次逾期
rationale-late-count = 12 个月内逾期 { $count } 次，最长 { $worst } 天
rationale-steps-outstanding = 恢复清单中仍有未完成的步骤
rationale-evidence-review = { $reason }：需要审核客户提交的证据
recommend-restore = 建议恢复至 { $to }
recommend-unfreeze = 建议解除冻结
recommend-reject = 建议维持原决定
recommend-judge = 请根据证据判断
recommendation-sentence = { $why }：{ $action }
rationale-separator = ，
