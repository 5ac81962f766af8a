//! Every interface string in zh-CN and English.
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
            LoginBadCredentials => ("用户名或密码不正确。", "The username or password is wrong."),
            LoginRateLimited => (
                "登录尝试次数过多，请 15 分钟后再试。",
                "Too many sign-in attempts. Please try again in 15 minutes.",
            ),
            LoginMissingFields => ("请输入用户名和密码。", "Enter your username and password."),
            LoginSignedOut => ("你已退出登录。", "You have signed out."),
            LoginSessionEnded => ("请先登录。", "Please sign in first."),
            OverviewTitle => ("我的额度", "My limit"),
            CurrentLimit => ("当前额度", "Current limit"),
            LimitBefore => ("调整前额度", "Limit before the change"),
            Used => ("已用", "Used"),
            Available => ("可用", "Available"),
            Status => ("状态", "Status"),
            OverdueNow => ("当前逾期未还", "Overdue now"),
            WhyChanged => ("额度为什么变了", "Why your limit changed"),
            NotifiedOn => ("通知日期", "Notified on"),
            MainReasons => ("主要原因", "Main reasons"),
            TheFacts => ("具体情况", "The facts"),
            HowToRestore => ("如何恢复", "How to restore it"),
            SeeFullNotice => ("查看通知详情", "See the full notice"),
            HealthyTitle => ("账户状态良好", "Your account is in good standing"),
            HealthyBody => (
                "你的额度没有被降低或冻结，目前没有需要处理的事项。",
                "Your limit has not been lowered or frozen. There is nothing to fix.",
            ),
            NoCashOutTitle => ("额度不能提现", "A limit cannot be withdrawn as cash"),
            NoCashOutBody => (
                "先用后付额度只能用于购物，不能提现到银行卡。任何声称可以帮你把额度“提现”或“套现”的人或广告都是诈骗，套现也违反用户协议。",
                "A use-first-pay-later limit is for purchases only; it cannot be withdrawn to a bank card. Anyone offering to \u{201c}cash out\u{201d} your limit is a scammer, and cash-out breaks the user agreement.",
            ),
            HistoryTitle => ("额度记录", "Limit history"),
            HistoryEmpty => ("还没有额度调整记录。", "No limit changes yet."),
            HistoryReasons => ("原因", "Reasons"),
            InForce => ("当前生效", "In force"),
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
