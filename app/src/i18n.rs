//! The interface strings in zh-CN and English that are not beside the type
//! they name (refusals, reasons and steps carry their own).
//!
//! A hand-written table rather than an i18n crate: each message is one match arm
//! holding both languages, so a message missing a translation does not compile.
//! The catalogue of reasons and steps lives in `domain`, built the same way.

pub use domain::Lang;
use leptos::prelude::*;

/// The language of this page view: from the `ld_lang` cookie on the server, from
/// `<html lang>` in the browser (which the server wrote), so both render alike.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppName,
    SkipToContent,
    MainNav,
    NavOverview,
    NavHistory,
    NavRepayments,
    NavHelp,
    SignOut,
    SignedInAs,
    LanguageSwitch,
    LoginTitle,
    LoginIntro,
    Username,
    Password,
    LoginSubmit,
    LoginBadCredentials,
    LoginRateLimited,
    LoginMissingFields,
    LoginSignedOut,
    LoginSessionEnded,
    LoginLinkSpent,
    OverviewTitle,
    CurrentLimit,
    LimitBefore,
    Used,
    Available,
    Status,
    OverdueNow,
    WhyChanged,
    NotifiedOn,
    MainReasons,
    TheFacts,
    HowToRestore,
    SeeFullNotice,
    HealthyTitle,
    HealthyBody,
    NoCashOutTitle,
    NoCashOutBody,
    HistoryTitle,
    HistoryEmpty,
    HistoryReasons,
    InForce,
    DecisionTitle,
    NoticeAsReceived,
    NoticeNumber,
    ModelVersion,
    DecisionReplaced,
    BackToHistory,
    RepaymentsTitle,
    RepaymentsIntro,
    NoOrders,
    OrderedOn,
    OrderTotal,
    Installment,
    DueDate,
    Amount,
    PaidOn,
    RepaymentStatus,
    PaidOnTime,
    NotYetDue,
    DueToday,
    NotPaid,
    HelpTitle,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    ErrNotSignedIn,
    ErrNotFound,
    ErrInternal,
    ErrTransport,
    Loading,
    AppealTitle,
    AppealIntro,
    AppealGround,
    AppealStatement,
    AppealStatementHelp,
    AppealFiles,
    AppealFilesHelp,
    AppealHints,
    AppealRules,
    AppealRuleOneOpen,
    AppealRuleReappeal,
    AppealReappealNote,
    AppealSubmit,
    AppealCannot,
    ViewOpenAppeal,
    StartAppeal,
    ViewAppeal,
    AppealLabel,
    AppealPageTitle,
    AppealAbout,
    AppealSubmittedAt,
    AppealDecideBy,
    AppealFirstResponseBy,
    AppealPausedNote,
    AppealTimeline,
    AppealThread,
    AppealYou,
    AppealSupport,
    AppealReply,
    AppealReplyLabel,
    AppealReplySubmit,
    AppealWithdraw,
    AppealWithdrawHelp,
    AppealReappealBadge,
    Download,
    AppealWindowUntil,
    Uploading,
    FrozenLimit,
    FrozenNote,
    OnThisPage,
}

impl Msg {
    pub fn t(self, lang: Lang) -> &'static str {
        use Msg::*;
        let (zh, en) = match self {
            AppName => ("LimitDesk 额度服务", "LimitDesk"),
            SkipToContent => ("跳到主要内容", "Skip to main content"),
            MainNav => ("主导航", "Main navigation"),
            NavOverview => ("我的额度", "My limit"),
            NavHistory => ("额度记录", "Limit history"),
            NavRepayments => ("还款记录", "Repayments"),
            NavHelp => ("帮助中心", "Help"),
            SignOut => ("退出登录", "Sign out"),
            SignedInAs => ("当前用户", "Signed in as"),
            LanguageSwitch => ("切换语言", "Change language"),
            LoginTitle => ("登录", "Sign in"),
            LoginIntro => (
                "登录后可以查看额度变化的原因、依据和恢复方法。",
                "Sign in to see why your limit changed, what it was based on and how to restore it.",
            ),
            Username => ("用户名", "Username"),
            Password => ("密码", "Password"),
            LoginSubmit => ("登录", "Sign in"),
            LoginBadCredentials => ("用户名或密码不正确。", "Incorrect username or password."),
            LoginRateLimited => (
                "登录尝试次数过多，请 15 分钟后再试。",
                "Too many sign-in attempts. Please try again in 15 minutes.",
            ),
            LoginMissingFields => ("请输入用户名和密码。", "Enter your username and password."),
            LoginSignedOut => ("你已退出登录。", "You have signed out."),
            LoginSessionEnded => ("请先登录。", "Please sign in first."),
            LoginLinkSpent => (
                "这个登录链接已用过或已过期。请回到 App 中重新打开 LimitDesk。",
                "This sign-in link has been used or has expired. Go back to the app and open LimitDesk again.",
            ),
            OverviewTitle => ("我的额度", "My limit"),
            CurrentLimit => ("当前额度", "Current limit"),
            LimitBefore => ("调整前额度", "Limit before the change"),
            Used => ("已用", "Used"),
            Available => ("可用", "Available"),
            Status => ("状态", "Status"),
            OverdueNow => ("当前逾期未还", "Overdue now"),
            WhyChanged => ("额度为什么变了", "Why your limit changed"),
            NotifiedOn => ("通知日期", "Notice date"),
            MainReasons => ("主要原因", "Main reasons"),
            TheFacts => ("具体情况", "The facts"),
            HowToRestore => ("如何恢复", "How to restore it"),
            SeeFullNotice => ("查看通知详情", "See the full notice"),
            HealthyTitle => ("账户状态良好", "Your account is in good standing"),
            HealthyBody => (
                "你的额度没有被降低或冻结，目前没有需要处理的事项。",
                "Your limit has not been lowered or frozen. You don't need to do anything.",
            ),
            NoCashOutTitle => ("额度不能提现", "Your limit can't be withdrawn as cash"),
            NoCashOutBody => (
                "先用后付额度只能用于购物，不能提现到银行卡。任何声称可以帮你把额度“提现”或“套现”的人或广告都是诈骗，套现也违反用户协议。",
                "A use-first-pay-later limit is for purchases only; it cannot be withdrawn to a bank card. Anyone offering to \u{201c}cash out\u{201d} your limit is a scammer, and cash-out breaks the user agreement.",
            ),
            HistoryTitle => ("额度记录", "Limit history"),
            HistoryEmpty => ("还没有额度调整记录。", "No limit changes yet."),
            HistoryReasons => ("原因", "Reasons"),
            InForce => ("当前生效", "Current"),
            DecisionTitle => ("额度调整通知", "Limit notice"),
            NoticeAsReceived => ("你收到的通知原文", "The notice as you received it"),
            NoticeNumber => ("通知编号", "Notice number"),
            ModelVersion => ("评估模型版本", "Risk model version"),
            DecisionReplaced => (
                "这次调整之后额度又有新的调整，以最新记录为准。",
                "A later decision has replaced this one; the newest one applies.",
            ),
            BackToHistory => ("返回额度记录", "Back to limit history"),
            RepaymentsTitle => ("还款记录", "Repayments"),
            RepaymentsIntro => (
                "每笔订单的分期、还款日和实际还款日期。逾期的分期已标出。",
                "Every order's installments, due dates and the dates you paid. Late ones are marked.",
            ),
            NoOrders => ("还没有订单。", "No orders yet."),
            OrderedOn => ("下单日期", "Ordered on"),
            OrderTotal => ("订单金额", "Order total"),
            Installment => ("期数", "Installment"),
            DueDate => ("还款日", "Due"),
            Amount => ("金额", "Amount"),
            PaidOn => ("实际还款", "Paid on"),
            RepaymentStatus => ("状态", "Status"),
            PaidOnTime => ("按时还款", "Paid on time"),
            NotYetDue => ("未到期", "Not due yet"),
            DueToday => ("今天到期", "Due today"),
            NotPaid => ("未还", "Not paid"),
            HelpTitle => ("帮助中心", "Help center"),
            NotFoundTitle => ("页面不存在", "Page not found"),
            NotFoundBody => (
                "你要找的页面不存在，或者不属于你的账户。",
                "The page you are looking for does not exist or does not belong to your account.",
            ),
            BackHome => ("返回我的额度", "Back to my limit"),
            ErrNotSignedIn => ("请先登录。", "Please sign in first."),
            ErrNotFound => ("没有找到。", "Not found."),
            ErrInternal => ("服务暂时出了问题，请稍后再试。", "Something went wrong on our side. Please try again later."),
            ErrTransport => ("无法连接到服务，请检查网络后重试。", "Could not reach LimitDesk. Check your connection and try again."),
            Loading => ("加载中…", "Loading…"),
            AppealTitle => ("提交申诉", "Appeal this decision"),
            AppealIntro => ("告诉我们发生了什么，并附上能说明情况的材料。提交后立即确认受理，客服会在 1 天内首次回复，15 天内作出决定。", "Tell us what happened and attach anything that shows it. Your appeal is acknowledged at once; support replies within 1 day and decides within 15 days."),
            AppealGround => ("发生了什么？", "What happened?"),
            AppealStatement => ("申诉说明", "Your statement"),
            AppealStatementHelp => ("10 到 2000 字。请写明时间、金额等具体情况。", "10 to 2,000 characters. Include dates and amounts where you can."),
            AppealFiles => ("证据文件（可选）", "Evidence files (optional)"),
            AppealFilesHelp => ("PNG、JPEG 或 PDF，最多 5 个，每个不超过 5 MB。图片中的位置等信息会被去除。", "PNG, JPEG or PDF; up to 5 files of 5 MB each. Location and other metadata are removed from images."),
            AppealHints => ("哪些证据有帮助", "What evidence helps"),
            AppealRules => ("申诉规则", "The rules"),
            AppealRuleOneOpen => ("每次调整同时只能有一个处理中的申诉。", "Each decision can have one open appeal at a time."),
            AppealRuleReappeal => ("申诉未通过后，可以带着新的证据再申诉一次，由主管审核。", "After a rejection you can appeal once more with new evidence; a supervisor decides."),
            AppealReappealNote => ("这是再次申诉：请至少附上一个之前没有提交过的新文件。", "This is a re-appeal: attach at least one file you have not sent before."),
            AppealSubmit => ("提交申诉", "Submit appeal"),
            AppealCannot => ("这次调整现在不能申诉", "This decision cannot be appealed now"),
            ViewOpenAppeal => ("查看处理中的申诉", "See the open appeal"),
            StartAppeal => ("提交申诉", "Appeal"),
            ViewAppeal => ("查看申诉", "See the appeal"),
            AppealLabel => ("申诉", "Appeal"),
            AppealPageTitle => ("我的申诉", "My appeal"),
            AppealAbout => ("申诉的调整", "Decision appealed"),
            AppealSubmittedAt => ("提交时间", "Submitted"),
            AppealDecideBy => ("最晚答复日期", "Support will decide by"),
            AppealFirstResponseBy => ("首次回复不晚于", "First reply by"),
            AppealPausedNote => ("客服在等你补充材料，处理时限暂停计算，你回复后继续。", "Support is waiting for your reply; the clock is paused until you answer."),
            AppealTimeline => ("处理进度", "Progress"),
            AppealThread => ("沟通记录", "Messages"),
            AppealYou => ("你", "You"),
            AppealSupport => ("客服", "Support"),
            AppealReply => ("回复并补充材料", "Reply and add evidence"),
            AppealReplyLabel => ("回复内容", "Your reply"),
            AppealReplySubmit => ("发送回复", "Send reply"),
            AppealWithdraw => ("撤回申诉", "Withdraw appeal"),
            AppealWithdrawHelp => ("撤回后，在申诉期限内仍可重新申诉。", "After withdrawing you can still appeal again within the window."),
            AppealReappealBadge => ("再次申诉", "Re-appeal"),
            Download => ("下载", "Download"),
            AppealWindowUntil => ("可申诉至", "You can appeal until"),
            Uploading => ("正在上传…", "Uploading…"),
            FrozenLimit => ("已冻结额度", "Frozen limit"),
            FrozenNote => (
                "冻结期间额度不能使用；已有的分期请继续按时还款。",
                "While frozen, the limit cannot be used; keep repaying existing installments on time.",
            ),
            OnThisPage => ("本页目录", "On this page"),
        };
        lang.pick(zh, en)
    }
}

/// "逾期 13 天还款" / "Paid 13 days late".
pub fn paid_late(days: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("逾期 {days} 天还款"),
        Lang::En if days == 1 => "Paid 1 day late".to_owned(),
        Lang::En => format!("Paid {days} days late"),
    }
}

/// "已逾期 5 天" / "5 days overdue".
pub fn overdue_days(days: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已逾期 {days} 天"),
        Lang::En if days == 1 => "1 day overdue".to_owned(),
        Lang::En => format!("{days} days overdue"),
    }
}

/// "第 2/3 期" / "2 of 3".
pub fn installment_of(seq: u32, count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {seq}/{count} 期"),
        Lang::En => format!("{seq} of {count}"),
    }
}

/// "1.2 MB" / "830 KB".
pub fn file_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// "1 条申诉等待你回复" / "1 appeal needs your reply".
pub fn awaiting_reply(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{count} 条申诉等待你回复"),
        Lang::En if count == 1 => "1 appeal needs your reply".to_owned(),
        Lang::En => format!("{count} appeals need your reply"),
    }
}
