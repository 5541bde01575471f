//! The words of the seller console, in the same four languages as the shopper's pages.
//! Templates name their `{placeholders}`, filled with [`super::template::fill`].

use super::Locale;
use crate::domain::account::Role;
use crate::domain::attention::AttentionKind;

i18n_table! {
    pub enum ConsoleText => pub fn console_text {
        Console => ["Console", "商家后台", "Consola", "Konsole"],
        SignInTitle => ["Sign in to your shop", "登录您的店铺", "Inicia sesión en tu tienda", "In deinem Shop anmelden"],
        SignInIntro => [
            "For the people who run a shop on Trekpost.",
            "供在 Trekpost 上经营店铺的人员使用。",
            "Para quienes gestionan una tienda en Trekpost.",
            "Für alle, die einen Shop auf Trekpost betreiben.",
        ],
        EmailLabel => ["Email", "电子邮箱", "Correo electrónico", "E-Mail"],
        PasswordLabel => ["Password", "密码", "Contraseña", "Passwort"],
        SignIn => ["Sign in", "登录", "Iniciar sesión", "Anmelden"],
        SignInInvalid => [
            "That email and password do not match an account.",
            "邮箱与密码不匹配任何账户。",
            "Ese correo y esa contraseña no coinciden con ninguna cuenta.",
            "E-Mail und Passwort passen zu keinem Konto.",
        ],
        SignInLocked => [
            "Too many attempts. Wait a few minutes, then try again.",
            "尝试次数过多。请稍等几分钟再试。",
            "Demasiados intentos. Espera unos minutos y vuelve a intentarlo.",
            "Zu viele Versuche. Warte ein paar Minuten und versuche es dann erneut.",
        ],
        SignedOut => ["You are signed out.", "您已退出登录。", "Has cerrado la sesión.", "Du bist abgemeldet."],
        SectionsLabel => ["Console sections", "后台栏目", "Secciones de la consola", "Bereiche der Konsole"],
        NavAttention => ["Needs attention", "需要处理", "Requiere atención", "Braucht Aufmerksamkeit"],
        NavKeys => ["API keys", "API 密钥", "Claves de API", "API-Schlüssel"],
        NavAccount => ["Account", "账户", "Cuenta", "Konto"],
        SignOut => ["Sign out", "退出登录", "Cerrar sesión", "Abmelden"],
        RoleOwner => ["Owner", "所有者", "Propietario", "Inhaber"],
        RoleStaff => ["Staff", "员工", "Personal", "Mitarbeiter"],
        AttentionIntro => [
            "Parcels a shopper may be worried about, with what their journey page tells them.",
            "顾客可能担心的包裹，以及其旅程页面向顾客显示的内容。",
            "Paquetes que pueden preocupar al comprador, con lo que le dice su página de seguimiento.",
            "Pakete, um die sich Kunden sorgen könnten, und was ihre Sendungsseite ihnen sagt.",
        ],
        AttentionNone => [
            "Nothing needs attention: every parcel under way is moving as usual.",
            "暂无需要处理的包裹：所有在途包裹都在正常运输。",
            "Nada requiere atención: todos los paquetes en camino avanzan con normalidad.",
            "Nichts braucht Aufmerksamkeit: Alle Pakete unterwegs kommen wie gewohnt voran.",
        ],
        NoneOfKind => [
            "No parcel needs attention for this reason.",
            "没有包裹因此原因需要处理。",
            "Ningún paquete requiere atención por este motivo.",
            "Kein Paket braucht aus diesem Grund Aufmerksamkeit.",
        ],
        /// `{count}`
        CheckedUnderWay => [
            "{count} parcels under way checked.",
            "已检查 {count} 个在途包裹。",
            "{count} paquetes en camino revisados.",
            "{count} Pakete unterwegs geprüft.",
        ],
        KindsLabel => ["Show", "显示", "Mostrar", "Anzeigen"],
        AllKinds => ["All", "全部", "Todos", "Alle"],
        KindCustomsAction => ["Customs action", "海关待处理", "Acción de aduanas", "Zoll: Handlung nötig"],
        KindFailedAttempt => ["Failed delivery", "投递失败", "Entrega fallida", "Zustellung gescheitert"],
        KindException => ["Exception", "异常", "Incidencia", "Störung"],
        KindEtaMissed => ["Late", "已逾期", "Con retraso", "Verspätet"],
        KindSilent => ["Gone quiet", "长时间无更新", "Sin noticias", "Funkstille"],
        SortLabel => ["Sort by", "排序方式", "Ordenar por", "Sortieren nach"],
        SortOldest => ["Oldest first", "最久的优先", "Más antiguos primero", "Älteste zuerst"],
        SortNewest => ["Newest first", "最新的优先", "Más recientes primero", "Neueste zuerst"],
        SortLane => ["Lane", "线路", "Ruta", "Route"],
        SortCarrier => ["Carrier", "承运商", "Transportista", "Zusteller"],
        Apply => ["Apply", "应用", "Aplicar", "Anwenden"],
        ColShipment => ["Shipment", "货件", "Envío", "Sendung"],
        ColWhy => ["Why", "原因", "Motivo", "Grund"],
        ColAge => ["Open for", "已持续", "Abierto desde hace", "Offen seit"],
        ColStage => ["Stage", "阶段", "Etapa", "Etappe"],
        ColCarrier => ["Carrier", "承运商", "Transportista", "Zusteller"],
        ColLane => ["Lane", "线路", "Ruta", "Route"],
        ColShopperSees => ["The shopper reads", "顾客看到的内容", "El comprador lee", "Der Kunde liest"],
        /// `{order}`
        OrderRef => ["Order {order}", "订单 {order}", "Pedido {order}", "Bestellung {order}"],
        NotScannedYet => ["Not scanned yet", "尚未扫描", "Aún sin escanear", "Noch nicht gescannt"],
        UnknownCarrier => ["Not known yet", "尚未确定", "Aún no se sabe", "Noch unbekannt"],
        /// `{days}`, `{usual}`
        SilentFor => [
            "No news for {days} days (usual here: up to {usual})",
            "已 {days} 天无更新（此线路通常最多 {usual} 天）",
            "Sin noticias desde hace {days} días (lo habitual aquí: hasta {usual})",
            "Seit {days} Tagen keine Neuigkeiten (hier üblich: bis zu {usual})",
        ],
        /// `{date}`
        PromisedBy => ["Promised by {date}", "承诺送达日期：{date}", "Prometido para el {date}", "Zugesagt bis {date}"],
        /// `{days}`, `{hours}`
        AgeDaysHours => ["{days} d {hours} h", "{days} 天 {hours} 小时", "{days} d {hours} h", "{days} T. {hours} Std."],
        /// `{hours}`
        AgeHours => ["{hours} h", "{hours} 小时", "{hours} h", "{hours} Std."],
        OpenJourney => ["Open the shopper's page", "打开顾客页面", "Abrir la página del comprador", "Kundenseite öffnen"],
        /// `{number}`
        OpenJourneyOf => [
            "Open the shopper's page of {number}",
            "打开顾客页面：{number}",
            "Abrir la página del comprador de {number}",
            "Kundenseite öffnen: {number}",
        ],
        NavShipments => ["Shipments", "货件", "Envíos", "Sendungen"],
        FindLabel => ["Find a shipment", "查找货件", "Buscar un envío", "Sendung finden"],
        FindHint => [
            "Any of its tracking numbers, the order reference or the shopper's email.",
            "任一运单号、订单号或顾客邮箱。",
            "Cualquiera de sus números de seguimiento, la referencia del pedido o el correo del comprador.",
            "Eine ihrer Sendungsnummern, die Bestellnummer oder die E-Mail des Kunden.",
        ],
        Find => ["Find", "查找", "Buscar", "Suchen"],
        NothingFound => [
            "No shipment of yours matches that.",
            "没有与之匹配的货件。",
            "Ningún envío tuyo coincide con eso.",
            "Keine deiner Sendungen passt dazu.",
        ],
        OrderLabel => ["Order", "订单", "Pedido", "Bestellung"],
        ShopperLabel => ["Shopper", "顾客", "Comprador", "Kunde"],
        CreatedLabel => ["Created", "创建时间", "Creado", "Angelegt"],
        LegsHeading => ["Carriers", "承运商", "Transportistas", "Zusteller"],
        NoLegs => [
            "No carrier legs given yet: scans find it by its Trekpost number.",
            "尚未提供承运商运段：扫描记录通过 Trekpost 单号匹配。",
            "Aún no hay tramos de transportista: los escaneos lo encuentran por su número de Trekpost.",
            "Noch keine Zusteller-Etappen angegeben: Scans finden sie über ihre Trekpost-Nummer.",
        ],
        JourneyPageHeading => ["The shopper's page", "顾客页面", "La página del comprador", "Die Kundenseite"],
        /// `{views}`, `{minutes}`
        PageViews => [
            "Opened {views} times, {minutes} min in all.",
            "已打开 {views} 次，共 {minutes} 分钟。",
            "Abierta {views} veces, {minutes} min en total.",
            "{views}-mal geöffnet, insgesamt {minutes} Min.",
        ],
        NotShared => ["Not shared.", "未分享。", "No compartido.", "Nicht geteilt."],
        /// `{count}`
        SharedLinks => [
            "Shared: {count} public link(s) open.",
            "已分享：{count} 个公开链接有效。",
            "Compartido: {count} enlace(s) público(s) abierto(s).",
            "Geteilt: {count} öffentliche(r) Link(s) offen.",
        ],
        /// `{points}`, `{badges}`
        RewardsLine => [
            "Rewards: {points} points, {badges} badges with your shop.",
            "奖励：在您店铺共 {points} 积分、{badges} 枚徽章。",
            "Recompensas: {points} puntos, {badges} insignias en tu tienda.",
            "Prämien: {points} Punkte, {badges} Abzeichen in deinem Shop.",
        ],
        NewLink => ["New link for the shopper", "为顾客生成新链接", "Nuevo enlace para el comprador", "Neuer Link für den Kunden"],
        NewLinkMade => [
            "A new link to the journey page. Send it to the shopper; their old link keeps working.",
            "已生成新的旅程页面链接。请发送给顾客；旧链接仍然有效。",
            "Un enlace nuevo a la página del viaje. Envíaselo al comprador; su enlace anterior sigue funcionando.",
            "Ein neuer Link zur Sendungsseite. Schicke ihn dem Kunden; sein alter Link funktioniert weiter.",
        ],
        AddEventHeading => ["Add an event by hand", "手动添加事件", "Añadir un evento a mano", "Ereignis von Hand hinzufügen"],
        EventsHeading => ["Every event", "全部事件", "Todos los eventos", "Alle Ereignisse"],
        /// `{source}`
        SourceIs => ["from {source}", "来源：{source}", "de {source}", "von {source}"],
        /// `{time}`
        ReceivedAt => ["received {time}", "接收于 {time}", "recibido {time}", "empfangen {time}"],
        RawPayload => ["What the source sent", "来源发送的原始数据", "Lo que envió la fuente", "Was die Quelle gesendet hat"],
        EventCodeLabel => ["What happened", "发生了什么", "Qué pasó", "Was geschah"],
        EventTimeLabel => ["When (UTC)", "时间（UTC）", "Cuándo (UTC)", "Wann (UTC)"],
        EventCityLabel => ["City", "城市", "Ciudad", "Stadt"],
        EventCountryLabel => ["Country", "国家", "País", "Land"],
        CountryHint => [
            "Two letters, e.g. DE for Germany.",
            "两位字母代码，例如 DE 表示德国。",
            "Dos letras, p. ej. DE para Alemania.",
            "Zwei Buchstaben, z. B. DE für Deutschland.",
        ],
        EventReasonLabel => ["Reason", "原因", "Motivo", "Grund"],
        EventDescriptionLabel => ["Description", "描述", "Descripción", "Beschreibung"],
        EventActionLabel => [
            "What the shopper must do",
            "顾客需要做什么",
            "Qué debe hacer el comprador",
            "Was der Kunde tun muss",
        ],
        AddEvent => ["Add event", "添加事件", "Añadir evento", "Ereignis hinzufügen"],
        EventAdded => [
            "Event added: the shopper's page shows it now.",
            "事件已添加：顾客页面现已显示。",
            "Evento añadido: la página del comprador ya lo muestra.",
            "Ereignis hinzugefügt: Die Kundenseite zeigt es jetzt.",
        ],
        EventDuplicate => [
            "The shipment already has this event; nothing changed.",
            "该货件已有此事件，未作更改。",
            "El envío ya tiene este evento; no ha cambiado nada.",
            "Die Sendung hat dieses Ereignis schon; nichts geändert.",
        ],
        /// `{field}`, `{reason}`
        EventInvalid => [
            "Not added. {field}: {reason}",
            "未添加。{field}：{reason}",
            "No se ha añadido. {field}: {reason}",
            "Nicht hinzugefügt. {field}: {reason}",
        ],
        NavUsers => ["Users", "用户", "Usuarios", "Benutzer"],
        OwnersOnlyUsers => [
            "Only the shop's owners manage its users.",
            "只有店铺所有者可以管理用户。",
            "Solo los propietarios de la tienda gestionan sus usuarios.",
            "Nur die Inhaber des Shops verwalten seine Benutzer.",
        ],
        AddUserHeading => ["Add a user", "添加用户", "Añadir un usuario", "Benutzer hinzufügen"],
        AddUser => ["Add user", "添加", "Añadir usuario", "Hinzufügen"],
        /// `{email}`
        UserAdded => [
            "{email} can sign in with this password, shown only now. Hand it over safely; they can change it under Account.",
            "{email} 可使用此密码登录（仅显示这一次）。请安全地转交；对方可在“账户”中修改。",
            "{email} puede iniciar sesión con esta contraseña, que solo se muestra ahora. Entrégala de forma segura; podrá cambiarla en Cuenta.",
            "{email} kann sich mit diesem Passwort anmelden, das nur jetzt angezeigt wird. Gib es sicher weiter; unter Konto lässt es sich ändern.",
        ],
        /// `{email}`
        UserDisabled => [
            "{email} can no longer sign in.",
            "{email} 已无法登录。",
            "{email} ya no puede iniciar sesión.",
            "{email} kann sich nicht mehr anmelden.",
        ],
        UserActive => ["Active", "正常", "Activo", "Aktiv"],
        UserDisabledState => ["Disabled", "已停用", "Desactivado", "Deaktiviert"],
        Disable => ["Disable", "停用", "Desactivar", "Deaktivieren"],
        /// `{email}`
        DisableUserLabel => ["Disable {email}", "停用：{email}", "Desactivar a {email}", "Deaktivieren: {email}"],
        NavWebhooks => ["Webhooks", "Webhook", "Webhooks", "Webhooks"],
        WebhooksIntro => [
            "Aggregators push your carriers' scans here. Paste the address into the aggregator's dashboard, and its signing secret here: deliveries without a valid signature are refused.",
            "聚合平台会把承运商的扫描推送到这里。请把地址粘贴到聚合平台的后台，并把其签名密钥粘贴到这里：没有有效签名的推送会被拒绝。",
            "Los agregadores envían aquí los escaneos de tus transportistas. Pega la dirección en el panel del agregador y su secreto de firma aquí: se rechazan los envíos sin una firma válida.",
            "Aggregatoren schicken die Scans deiner Zusteller hierher. Füge die Adresse im Dashboard des Aggregators ein und sein Signaturgeheimnis hier: Zustellungen ohne gültige Signatur werden abgelehnt.",
        ],
        OwnersOnlySecrets => [
            "Only the shop's owners manage webhook secrets.",
            "只有店铺所有者可以管理 Webhook 密钥。",
            "Solo los propietarios de la tienda gestionan los secretos de los webhooks.",
            "Nur die Inhaber des Shops verwalten Webhook-Geheimnisse.",
        ],
        /// `{time}`
        SecretSetOn => [
            "Receiving: secret set {time}.",
            "接收中：密钥设置于 {time}。",
            "Recibiendo: secreto configurado el {time}.",
            "Empfang aktiv: Geheimnis gesetzt am {time}.",
        ],
        SecretNotSet => [
            "Not receiving: no secret yet, so every delivery is refused.",
            "未接收：尚未设置密钥，所有推送都会被拒绝。",
            "Sin recibir: aún no hay secreto, así que se rechaza cada envío.",
            "Kein Empfang: noch kein Geheimnis, daher wird jede Zustellung abgelehnt.",
        ],
        EndpointLabel => ["Webhook address", "Webhook 地址", "Dirección del webhook", "Webhook-Adresse"],
        /// `{header}`
        SignatureHeader => [
            "Signed in the {header} header.",
            "签名位于 {header} 请求头中。",
            "Firmado en la cabecera {header}.",
            "Signiert im Header {header}.",
        ],
        /// `{aggregator}`
        SecretLabel => [
            "Signing secret from {aggregator}",
            "来自 {aggregator} 的签名密钥",
            "Secreto de firma de {aggregator}",
            "Signaturgeheimnis von {aggregator}",
        ],
        SaveSecret => ["Save secret", "保存密钥", "Guardar secreto", "Geheimnis speichern"],
        ReplaceSecret => ["Replace secret", "更换密钥", "Sustituir secreto", "Geheimnis ersetzen"],
        SecretSaved => [
            "Saved. Deliveries signed with this secret are accepted from now on; the old one no longer works.",
            "已保存。此后使用该密钥签名的推送将被接受；旧密钥失效。",
            "Guardado. Desde ahora se aceptan los envíos firmados con este secreto; el anterior ya no sirve.",
            "Gespeichert. Ab jetzt werden mit diesem Geheimnis signierte Zustellungen angenommen; das alte gilt nicht mehr.",
        ],
        NavDeadLetters => ["Refused data", "被拒绝的数据", "Datos rechazados", "Abgelehnte Daten"],
        DeadLettersIntro => [
            "What your systems and the aggregators sent that could not be accepted, with why. Fix the cause (create the shipment a scan names, say), then replay it: it is checked again exactly like the first time.",
            "您的系统和聚合平台发送但无法接受的数据及原因。先修正原因（例如创建扫描所指的货件），再重新处理：系统会像第一次一样重新校验。",
            "Lo que tus sistemas y los agregadores enviaron y no se pudo aceptar, con el motivo. Corrige la causa (crea el envío que nombra un escaneo, por ejemplo) y vuelve a procesarlo: se comprueba igual que la primera vez.",
            "Was deine Systeme und die Aggregatoren geschickt haben und nicht angenommen werden konnte, mit Grund. Behebe die Ursache (lege z. B. die Sendung an, die ein Scan nennt) und verarbeite es erneut: Es wird genau wie beim ersten Mal geprüft.",
        ],
        NoDeadLetters => [
            "Nothing was refused: everything sent was accepted.",
            "没有被拒绝的数据：所有发送的内容均已接受。",
            "No se ha rechazado nada: todo lo enviado se aceptó.",
            "Nichts wurde abgelehnt: Alles Gesendete wurde angenommen.",
        ],
        OlderLetters => ["Older", "更早的", "Anteriores", "Ältere"],
        Replay => ["Replay", "重新处理", "Volver a procesar", "Erneut verarbeiten"],
        /// `{id}`
        ReplayLetter => ["Replay letter {id}", "重新处理：第 {id} 条", "Volver a procesar el envío {id}", "Erneut verarbeiten: Nr. {id}"],
        /// `{time}`
        ReplayedOn => ["Replayed and accepted {time}.", "已于 {time} 重新处理并接受。", "Procesado de nuevo y aceptado el {time}.", "Erneut verarbeitet und angenommen am {time}."],
        NotReplayable => [
            "Kept before replays were possible: send it again from its source.",
            "此数据在支持重新处理之前保存：请从来源重新发送。",
            "Guardado antes de que se pudiera volver a procesar: envíalo de nuevo desde su origen.",
            "Gespeichert, bevor erneutes Verarbeiten möglich war: Sende es erneut von der Quelle.",
        ],
        ReplayAccepted => [
            "Replayed: accepted this time.",
            "已重新处理：这次已接受。",
            "Procesado de nuevo: aceptado esta vez.",
            "Erneut verarbeitet: diesmal angenommen.",
        ],
        /// `{field}`, `{reason}`
        ReplayRefused => [
            "Refused again. {field}: {reason}",
            "再次被拒绝。{field}：{reason}",
            "Rechazado de nuevo. {field}: {reason}",
            "Wieder abgelehnt. {field}: {reason}",
        ],
        KeysIntro => [
            "Your systems send events and read shipments with these keys. A key is shown once, when it is made: keep it somewhere safe.",
            "您的系统使用这些密钥发送事件和读取货件。密钥只在创建时显示一次，请妥善保存。",
            "Tus sistemas envían eventos y leen envíos con estas claves. Una clave se muestra una sola vez, al crearla: guárdala en un lugar seguro.",
            "Deine Systeme senden Ereignisse und lesen Sendungen mit diesen Schlüsseln. Ein Schlüssel wird nur einmal angezeigt, beim Erstellen: Bewahre ihn sicher auf.",
        ],
        CreateKey => ["Create a key", "创建密钥", "Crear una clave", "Schlüssel erstellen"],
        NewKeyOnce => [
            "Your new key. Copy it now: it will not be shown again.",
            "这是您的新密钥。请立即复制：它不会再次显示。",
            "Tu nueva clave. Cópiala ahora: no volverá a mostrarse.",
            "Dein neuer Schlüssel. Kopiere ihn jetzt: Er wird nicht noch einmal angezeigt.",
        ],
        /// `{prefix}`
        RotatedKey => [
            "Key {prefix} is revoked; its replacement is below. Copy it now: it will not be shown again.",
            "密钥 {prefix} 已作废，替换密钥如下。请立即复制：它不会再次显示。",
            "La clave {prefix} está revocada; su sustituta está abajo. Cópiala ahora: no volverá a mostrarse.",
            "Schlüssel {prefix} ist widerrufen, sein Ersatz steht unten. Kopiere ihn jetzt: Er wird nicht noch einmal angezeigt.",
        ],
        /// `{prefix}`
        RevokedKey => [
            "Key {prefix} is revoked: requests that use it are refused from now on.",
            "密钥 {prefix} 已作废：此后使用它的请求将被拒绝。",
            "La clave {prefix} está revocada: desde ahora se rechazan las peticiones que la usen.",
            "Schlüssel {prefix} ist widerrufen: Anfragen damit werden ab jetzt abgelehnt.",
        ],
        ColKey => ["Key", "密钥", "Clave", "Schlüssel"],
        ColCreated => ["Created", "创建时间", "Creada", "Erstellt"],
        ColLastUsed => ["Last used", "最近使用", "Último uso", "Zuletzt benutzt"],
        ColState => ["State", "状态", "Estado", "Status"],
        ColActions => ["Actions", "操作", "Acciones", "Aktionen"],
        KeyActive => ["In use", "使用中", "En uso", "Aktiv"],
        KeyRevoked => ["Revoked", "已作废", "Revocada", "Widerrufen"],
        NeverUsed => ["Never", "从未", "Nunca", "Nie"],
        Revoke => ["Revoke", "作废", "Revocar", "Widerrufen"],
        Rotate => ["Replace", "更换", "Sustituir", "Ersetzen"],
        /// `{prefix}`
        RevokeKeyLabel => ["Revoke key {prefix}", "作废：密钥 {prefix}", "Revocar la clave {prefix}", "Widerrufen: Schlüssel {prefix}"],
        /// `{prefix}`
        RotateKeyLabel => ["Replace key {prefix}", "更换：密钥 {prefix}", "Sustituir la clave {prefix}", "Ersetzen: Schlüssel {prefix}"],
        NoKeys => ["No API keys yet.", "暂无 API 密钥。", "Aún no hay claves de API.", "Noch keine API-Schlüssel."],
        OwnersOnly => [
            "Only the shop's owners manage API keys.",
            "只有店铺所有者可以管理 API 密钥。",
            "Solo los propietarios de la tienda gestionan las claves de API.",
            "Nur die Inhaber des Shops verwalten API-Schlüssel.",
        ],
        ActionFailed => [
            "That did not work. Please try again.",
            "操作未成功，请重试。",
            "No ha funcionado. Inténtalo de nuevo.",
            "Das hat nicht geklappt. Bitte versuche es erneut.",
        ],
        ShopLabel => ["Shop", "店铺", "Tienda", "Shop"],
        RoleLabel => ["Role", "角色", "Función", "Rolle"],
        ChangePassword => ["Change password", "修改密码", "Cambiar la contraseña", "Passwort ändern"],
        CurrentPassword => ["Current password", "当前密码", "Contraseña actual", "Aktuelles Passwort"],
        NewPassword => ["New password", "新密码", "Contraseña nueva", "Neues Passwort"],
        ConfirmPassword => ["New password, again", "再次输入新密码", "Contraseña nueva, otra vez", "Neues Passwort, noch einmal"],
        PasswordRule => [
            "At least 12 characters; a few words you will remember work well.",
            "至少 12 个字符；几个容易记住的词组合效果很好。",
            "Al menos 12 caracteres; unas cuantas palabras que recuerdes funcionan bien.",
            "Mindestens 12 Zeichen; ein paar Wörter, die du dir merken kannst, eignen sich gut.",
        ],
        NavImport => ["Import", "导入", "Importar", "Import"],
        ImportIntro => [
            "Bring shipments, their events, or your helpdesk's contacts and disputes in from a CSV file. Every row is checked first; if one is wrong, nothing is written unless you choose to import the valid rows anyway. Importing the same events or tickets again stores none twice.",
            "从 CSV 文件导入货件、其事件，或客服系统的咨询与争议。每一行都会先检查；只要有一行有误，就不会写入任何内容，除非您选择仍然导入有效的行。再次导入相同的事件或工单不会重复存储。",
            "Trae envíos, sus eventos o las consultas y reclamaciones de tu servicio de atención desde un archivo CSV. Primero se comprueba cada fila; si una está mal, no se escribe nada salvo que elijas importar igualmente las filas válidas. Importar de nuevo los mismos eventos o tickets no guarda ninguno dos veces.",
            "Importiere Sendungen, ihre Ereignisse oder die Anfragen und Reklamationen deines Helpdesks aus einer CSV-Datei. Jede Zeile wird zuerst geprüft; ist eine falsch, wird nichts geschrieben, außer du wählst, die gültigen Zeilen trotzdem zu importieren. Dieselben Ereignisse oder Tickets erneut zu importieren speichert keines doppelt.",
        ],
        ImportKindLabel => ["What the file holds", "文件内容", "Qué contiene el archivo", "Was die Datei enthält"],
        ImportShipments => ["Shipments", "货件", "Envíos", "Sendungen"],
        ImportEvents => ["Events of shipments", "货件的事件", "Eventos de envíos", "Ereignisse von Sendungen"],
        ImportContacts => ["Shoppers' contacts from your helpdesk", "来自客服系统的顾客咨询", "Consultas de clientes de su servicio de atención", "Kundenanfragen aus Ihrem Helpdesk"],
        ImportDisputes => ["Delivery disputes from your helpdesk", "来自客服系统的配送争议", "Reclamaciones de entrega de su servicio de atención", "Zustellreklamationen aus Ihrem Helpdesk"],
        ImportFileLabel => ["CSV file", "CSV 文件", "Archivo CSV", "CSV-Datei"],
        /// `{size}`
        ImportFileHint => [
            "A header row naming the columns, then one row per shipment, event, contact or dispute. At most {size}.",
            "首行为列名，之后每行一个货件、事件、咨询或争议。最大 {size}。",
            "Una fila de cabecera con los nombres de las columnas y luego una fila por envío, evento, consulta o reclamación. Como máximo {size}.",
            "Eine Kopfzeile mit den Spaltennamen, dann eine Zeile je Sendung, Ereignis, Anfrage oder Reklamation. Höchstens {size}.",
        ],
        ImportSkipInvalid => [
            "Import the valid rows even if some are wrong",
            "即使有错误行也导入有效的行",
            "Importar las filas válidas aunque algunas estén mal",
            "Gültige Zeilen importieren, auch wenn manche falsch sind",
        ],
        ImportStart => ["Import", "开始导入", "Importar", "Importieren"],
        ImportColumns => ["Columns", "列说明", "Columnas", "Spalten"],
        ImportRequired => ["required", "必填", "obligatoria", "Pflicht"],
        ImportChecking => ["Checking rows", "正在检查行", "Comprobando filas", "Zeilen werden geprüft"],
        ImportWriting => ["Importing rows", "正在导入行", "Importando filas", "Zeilen werden importiert"],
        ImportDone => ["Finished", "已完成", "Terminado", "Fertig"],
        /// `{phase}`, `{done}`, `{total}`
        ImportProgressText => [
            "{phase}: {done} of {total} rows",
            "{phase}：第 {done} 行，共 {total} 行",
            "{phase}: {done} de {total} filas",
            "{phase}: {done} von {total} Zeilen",
        ],
        /// `{rows}`, `{imported}`, `{rejected}`
        ImportSummaryShipments => [
            "{rows} rows: {imported} shipments created, {rejected} rows refused.",
            "共 {rows} 行：创建 {imported} 个货件，拒绝 {rejected} 行。",
            "{rows} filas: {imported} envíos creados, {rejected} filas rechazadas.",
            "{rows} Zeilen: {imported} Sendungen angelegt, {rejected} Zeilen abgelehnt.",
        ],
        /// `{rows}`, `{imported}`, `{duplicates}`, `{rejected}`
        ImportSummaryEvents => [
            "{rows} rows: {imported} events stored, {duplicates} were already there, {rejected} rows refused.",
            "共 {rows} 行：存储 {imported} 个事件，{duplicates} 个已存在，拒绝 {rejected} 行。",
            "{rows} filas: {imported} eventos guardados, {duplicates} ya estaban, {rejected} filas rechazadas.",
            "{rows} Zeilen: {imported} Ereignisse gespeichert, {duplicates} waren schon da, {rejected} Zeilen abgelehnt.",
        ],
        /// `{rows}`, `{imported}`, `{duplicates}`, `{rejected}`
        ImportSummaryHelpdesk => [
            "{rows} rows: {imported} recorded, {duplicates} sent before (counted once), {rejected} rows refused.",
            "共 {rows} 行：记录 {imported} 条，{duplicates} 条此前已发送（只计一次），拒绝 {rejected} 行。",
            "{rows} filas: {imported} registradas, {duplicates} enviadas antes (cuentan una vez), {rejected} filas rechazadas.",
            "{rows} Zeilen: {imported} erfasst, {duplicates} schon früher gesendet (einmal gezählt), {rejected} Zeilen abgelehnt.",
        ],
        ImportNothingWritten => [
            "Nothing was imported. Fix the rows below and import the file again, or choose to import the valid rows anyway.",
            "未导入任何内容。请修正以下行后重新导入，或选择仍然导入有效的行。",
            "No se importó nada. Corrige las filas de abajo e importa el archivo de nuevo, o elige importar igualmente las filas válidas.",
            "Nichts wurde importiert. Korrigiere die Zeilen unten und importiere die Datei erneut, oder wähle, die gültigen Zeilen trotzdem zu importieren.",
        ],
        /// `{line}`
        ImportStopped => [
            "The database stopped the import at line {line}: that row and the valid rows after it were not imported. Import the file again once it is back; nothing is stored twice.",
            "数据库在第 {line} 行中止了导入：该行及其后的有效行未导入。恢复后请重新导入；不会重复存储。",
            "La base de datos detuvo la importación en la línea {line}: esa fila y las válidas posteriores no se importaron. Vuelve a importar el archivo cuando funcione; nada se guarda dos veces.",
            "Die Datenbank hat den Import in Zeile {line} gestoppt: Diese und die folgenden gültigen Zeilen wurden nicht importiert. Importiere die Datei erneut, sobald sie wieder läuft; nichts wird doppelt gespeichert.",
        ],
        ImportFailed => [
            "The file could not be imported:",
            "无法导入该文件：",
            "No se pudo importar el archivo:",
            "Die Datei konnte nicht importiert werden:",
        ],
        ImportRowErrors => ["Rows refused", "被拒绝的行", "Filas rechazadas", "Abgelehnte Zeilen"],
        ImportLine => ["Line", "行号", "Línea", "Zeile"],
        ImportColumn => ["Column", "列", "Columna", "Spalte"],
        ImportReason => ["Why", "原因", "Motivo", "Grund"],
        NavDesign => ["Shopper's page", "顾客页面", "Página del comprador", "Kundenseite"],
        DesignIntro => [
            "How your journey pages look and reward: your name, colour and logo, your own words in each language, and your reward rules. Each change is checked as you type and shown in the preview of one of your journeys; saving keeps it as a new version. Rewards already granted never change.",
            "设置您的旅程页面的外观与奖励：店铺名称、颜色与标志，各语言的专属文案，以及奖励规则。每次修改都会即时检查，并在您的一个旅程预览中显示；保存后记为新版本。已发放的奖励不会改变。",
            "Cómo se ven y qué premian tus páginas de viaje: tu nombre, color y logotipo, tus propias palabras en cada idioma y tus reglas de recompensas. Cada cambio se comprueba al escribir y se muestra en la vista previa de uno de tus viajes; al guardar queda como una versión nueva. Las recompensas ya concedidas nunca cambian.",
            "Wie deine Sendungsseiten aussehen und belohnen: Name, Farbe und Logo, eigene Worte in jeder Sprache und deine Prämienregeln. Jede Änderung wird beim Tippen geprüft und in der Vorschau einer deiner Sendungen gezeigt; Speichern legt eine neue Version an. Bereits vergebene Prämien ändern sich nie.",
        ],
        NoPreviewJourney => [
            "The preview shows one of your shipments under way; you have none yet.",
            "预览会显示您的一个在途货件；您目前还没有。",
            "La vista previa muestra uno de tus envíos en camino; aún no tienes ninguno.",
            "Die Vorschau zeigt eine deiner Sendungen unterwegs; du hast noch keine.",
        ],
        /// `{version}`
        DesignSaved => [
            "Saved as version {version}. Your shoppers' pages show it now.",
            "已保存为第 {version} 版。顾客页面现已显示。",
            "Guardado como versión {version}. Las páginas de tus compradores ya lo muestran.",
            "Als Version {version} gespeichert. Die Seiten deiner Kunden zeigen sie jetzt.",
        ],
        DesignInvalid => [
            "Nothing was saved. Fix these fields:",
            "未保存。请修正以下字段：",
            "No se guardó nada. Corrige estos campos:",
            "Nichts wurde gespeichert. Korrigiere diese Felder:",
        ],
        /// `{version}`, `{who}`, `{time}`
        DesignConflict => [
            "Nothing was saved: {who} saved version {version} at {time} since you opened this page. Reload it to start from theirs.",
            "未保存：在您打开此页面后，{who} 已于 {time} 保存了第 {version} 版。请重新加载后再修改。",
            "No se guardó nada: {who} guardó la versión {version} a las {time} después de que abrieras esta página. Recárgala para partir de la suya.",
            "Nichts wurde gespeichert: {who} hat seit dem Öffnen dieser Seite um {time} Version {version} gespeichert. Lade neu, um von dort weiterzumachen.",
        ],
        PreviewLabel => ["Preview", "预览", "Vista previa", "Vorschau"],
        /// `{number}`
        PreviewTitle => [
            "Preview of the journey page of {number}",
            "{number} 的旅程页面预览",
            "Vista previa de la página del viaje de {number}",
            "Vorschau der Sendungsseite von {number}",
        ],
        /// `{version}`
        SaveVersion => ["Save as version {version}", "保存为第 {version} 版", "Guardar como versión {version}", "Als Version {version} speichern"],
        BrandHeading => ["Your brand", "品牌", "Tu marca", "Deine Marke"],
        ShopNameLabel => ["Shop name", "店铺名称", "Nombre de la tienda", "Shopname"],
        ColourLabel => ["Brand colour (#rrggbb)", "品牌颜色（#rrggbb）", "Color de marca (#rrggbb)", "Markenfarbe (#rrggbb)"],
        ColourPicker => ["Pick the brand colour", "选择品牌颜色", "Elige el color de marca", "Markenfarbe wählen"],
        /// `{ratio}`
        ContrastGood => [
            "White text on it: contrast {ratio}:1, readable.",
            "其上白色文字的对比度为 {ratio}:1，清晰可读。",
            "Texto blanco encima: contraste {ratio}:1, legible.",
            "Weiße Schrift darauf: Kontrast {ratio}:1, gut lesbar.",
        ],
        /// `{ratio}`
        ContrastLow => [
            "White text on it: contrast {ratio}:1, too low (4.5:1 needed). Choose a darker colour.",
            "其上白色文字的对比度为 {ratio}:1，过低（需要 4.5:1）。请选择更深的颜色。",
            "Texto blanco encima: contraste {ratio}:1, demasiado bajo (se necesita 4.5:1). Elige un color más oscuro.",
            "Weiße Schrift darauf: Kontrast {ratio}:1, zu gering (4.5:1 nötig). Wähle eine dunklere Farbe.",
        ],
        LogoHeading => ["Logo", "标志", "Logotipo", "Logo"],
        LogoCurrent => ["Your logo", "您的标志", "Tu logotipo", "Dein Logo"],
        LogoRemove => ["Remove the logo", "移除标志", "Quitar el logotipo", "Logo entfernen"],
        LogoFileLabel => ["Image file", "图片文件", "Archivo de imagen", "Bilddatei"],
        LogoHint => [
            "PNG, JPEG or WebP, at most 200 KB. Shown beside your name, about 40 px high.",
            "PNG、JPEG 或 WebP，最大 200 KB。显示在店铺名称旁，高约 40 像素。",
            "PNG, JPEG o WebP, como máximo 200 KB. Se muestra junto a tu nombre, de unos 40 px de alto.",
            "PNG, JPEG oder WebP, höchstens 200 KB. Neben deinem Namen, etwa 40 px hoch.",
        ],
        LogoUpload => ["Upload the logo", "上传标志", "Subir el logotipo", "Logo hochladen"],
        WordsHeading => ["Your words", "专属文案", "Tus palabras", "Deine Worte"],
        WordsIntro => [
            "Name the journey levels and tell the parcel's story your way, per language. Leave a field empty to keep Trekpost's words (shown greyed).",
            "按语言自定义旅程关卡名称与包裹故事。留空则使用 Trekpost 的默认文案（灰色显示）。",
            "Nombra las etapas del viaje y cuenta la historia del paquete a tu manera, por idioma. Deja un campo vacío para mantener las palabras de Trekpost (en gris).",
            "Benenne die Reisestufen und erzähle die Geschichte des Pakets auf deine Art, je Sprache. Lass ein Feld leer, um die Worte von Trekpost zu behalten (grau).",
        ],
        WordsLanguage => ["Language", "语言", "Idioma", "Sprache"],
        TierNamesHeading => ["Journey levels", "旅程关卡", "Etapas del viaje", "Reisestufen"],
        StoryHeading => ["The parcel's story", "包裹的故事", "La historia del paquete", "Die Geschichte des Pakets"],
        RulesHeading => ["Rewards", "奖励规则", "Recompensas", "Prämien"],
        RulesIntro => [
            "Each rule gives a badge, points, a coupon or a VIP invite when something happens, to everyone or only to first-time or frequent customers. A changed rule applies from the next events on: rewards already granted are never granted again nor taken back.",
            "每条规则在某事发生时发放徽章、积分、优惠券或 VIP 邀请，可面向所有人，或仅面向首次购买或常客。修改后的规则从下一次事件起生效：已发放的奖励不会重复发放，也不会收回。",
            "Cada regla da una insignia, puntos, un cupón o una invitación VIP cuando algo sucede, a todos o solo a clientes nuevos o frecuentes. Una regla cambiada se aplica desde los siguientes eventos: las recompensas ya concedidas nunca se vuelven a dar ni se retiran.",
            "Jede Regel vergibt ein Abzeichen, Punkte, einen Gutschein oder eine VIP-Einladung, wenn etwas passiert – an alle oder nur an Erst- oder Stammkunden. Eine geänderte Regel gilt ab den nächsten Ereignissen: Bereits vergebene Prämien werden nie erneut vergeben oder zurückgenommen.",
        ],
        AddRule => ["Add a rule", "添加规则", "Añadir una regla", "Regel hinzufügen"],
        /// `{id}`
        RuleLabel => ["Rule {id}", "规则 {id}", "Regla {id}", "Regel {id}"],
        /// `{id}`
        RemoveRule => ["Remove rule {id}", "删除规则 {id}", "Quitar la regla {id}", "Regel {id} entfernen"],
        RuleId => ["Rule name (a-z, 0-9, - and _)", "规则名称（a-z、0-9、- 和 _）", "Nombre de la regla (a-z, 0-9, - y _)", "Regelname (a-z, 0-9, - und _)"],
        RuleWhen => ["When", "触发条件", "Cuándo", "Wann"],
        RuleWho => ["For", "适用对象", "Para", "Für"],
        RuleGives => ["Gives", "奖励内容", "Da", "Gibt"],
        RuleMilestone => ["Milestone", "里程碑", "Hito", "Meilenstein"],
        RuleTier => ["Level", "关卡", "Etapa", "Stufe"],
        RuleNthOrder => ["Order number", "第几单", "Número de pedido", "Bestellnummer"],
        RuleBorders => ["Borders crossed, at least", "至少跨越国境数", "Fronteras cruzadas, al menos", "Überquerte Grenzen, mindestens"],
        RuleDistance => ["Distance in km, at least", "至少距离（公里）", "Distancia en km, al menos", "Entfernung in km, mindestens"],
        RuleMinOrders => ["Orders with you, at least", "在您店铺至少下单数", "Pedidos contigo, al menos", "Bestellungen bei dir, mindestens"],
        RuleBadge => ["Badge", "徽章", "Insignia", "Abzeichen"],
        RulePoints => ["Points", "积分", "Puntos", "Punkte"],
        RulePercentOff => ["Percent off", "折扣百分比", "Porcentaje de descuento", "Prozent Rabatt"],
        RuleValidDays => ["Valid for days", "有效天数", "Válido durante días", "Gültig für Tage"],
        TriggerMilestone => ["A milestone is reached", "到达某个里程碑", "Se alcanza un hito", "Ein Meilenstein ist erreicht"],
        TriggerTier => ["A level is unlocked", "解锁某个关卡", "Se desbloquea una etapa", "Eine Stufe ist freigeschaltet"],
        TriggerOnTime => ["Delivered within the promised window", "在承诺时间内送达", "Entregado dentro del plazo prometido", "Im zugesagten Zeitraum zugestellt"],
        TriggerEco => ["The shopper chose the greener option", "顾客选择了更环保的方式", "El comprador eligió la opción más ecológica", "Der Kunde wählte die grünere Option"],
        TriggerNthOrder => ["The shopper's nth order", "顾客的第 n 单", "El pedido número n del comprador", "Die n-te Bestellung des Kunden"],
        TriggerBorders => ["The parcel crossed borders", "包裹跨越国境", "El paquete cruzó fronteras", "Das Paket hat Grenzen überquert"],
        TriggerDistance => ["The parcel travelled far", "包裹长途运输", "El paquete viajó lejos", "Das Paket ist weit gereist"],
        TriggerShared => ["The shopper shared the journey", "顾客分享了旅程", "El comprador compartió el viaje", "Der Kunde hat die Reise geteilt"],
        TriggerRated => ["The shopper rated the delivery", "顾客评价了配送", "El comprador valoró la entrega", "Der Kunde hat die Zustellung bewertet"],
        AudienceEveryone => ["Everyone", "所有人", "Todos", "Alle"],
        AudienceFirstTime => ["First-time customers", "首次购买的顾客", "Clientes nuevos", "Erstkunden"],
        AudienceFrequent => ["Frequent customers", "常客", "Clientes frecuentes", "Stammkunden"],
        GrantBadge => ["A badge", "徽章", "Una insignia", "Ein Abzeichen"],
        GrantPoints => ["Points", "积分", "Puntos", "Punkte"],
        GrantCoupon => ["A coupon", "优惠券", "Un cupón", "Einen Gutschein"],
        GrantVip => ["A VIP invite", "VIP 邀请", "Una invitación VIP", "Eine VIP-Einladung"],
        HistoryHeading => ["Saved versions", "已保存的版本", "Versiones guardadas", "Gespeicherte Versionen"],
        HistoryEmpty => [
            "Not saved yet: your pages show Trekpost's defaults.",
            "尚未保存：您的页面使用 Trekpost 的默认设置。",
            "Aún sin guardar: tus páginas muestran los valores de Trekpost.",
            "Noch nicht gespeichert: Deine Seiten zeigen die Vorgaben von Trekpost.",
        ],
        /// `{version}`, `{who}`, `{time}`
        VersionLine => [
            "Version {version}: {who}, {time}",
            "第 {version} 版：{who}，{time}",
            "Versión {version}: {who}, {time}",
            "Version {version}: {who}, {time}",
        ],
        RuleCodes => ["Codes", "优惠码来源", "Códigos", "Codes"],
        TrekpostCodes => ["Made by Trekpost", "由 Trekpost 生成", "Creados por Trekpost", "Von Trekpost erzeugt"],
        /// `{pool}`
        PoolOption => ["Your pool {pool}", "您的优惠码池 {pool}", "Tu reserva {pool}", "Dein Pool {pool}"],
        PoolsHeading => ["Your own coupon codes", "自有优惠码", "Tus propios códigos de cupón", "Eigene Gutscheincodes"],
        PoolsIntro => [
            "Paste the codes your shop's checkout knows into a named pool; a coupon rule choosing that pool hands them out one by one. When a pool runs dry, Trekpost makes the codes (redeemable through the API) until you add more.",
            "将您店铺结账系统可识别的优惠码粘贴到一个命名的码池中；选择该码池的优惠券规则会逐个发放。码池用完后，由 Trekpost 生成优惠码（可通过 API 核销），直到您补充新的码。",
            "Pega en una reserva con nombre los códigos que conoce el pago de tu tienda; una regla de cupón que elija esa reserva los entrega uno a uno. Si la reserva se agota, Trekpost crea los códigos (canjeables por la API) hasta que añadas más.",
            "Füge die Codes, die die Kasse deines Shops kennt, in einen benannten Pool ein; eine Gutscheinregel mit diesem Pool vergibt sie einzeln. Ist der Pool leer, erzeugt Trekpost die Codes (über die API einlösbar), bis du neue hinzufügst.",
        ],
        /// `{left}`, `{given}`
        PoolCounts => ["{left} left, {given} given", "剩余 {left} 个，已发放 {given} 个", "quedan {left}, entregados {given}", "{left} übrig, {given} vergeben"],
        PoolName => ["Pool name", "码池名称", "Nombre de la reserva", "Poolname"],
        PoolNameHint => ["a-z, 0-9 and -, e.g. summer-10", "a-z、0-9 和 -，例如 summer-10", "a-z, 0-9 y -, p. ej. summer-10", "a-z, 0-9 und -, z. B. summer-10"],
        PoolCodes => ["Codes, one per line", "优惠码，每行一个", "Códigos, uno por línea", "Codes, einer pro Zeile"],
        AddCodes => ["Add the codes", "添加优惠码", "Añadir los códigos", "Codes hinzufügen"],
        PasswordChanged => [
            "Password changed. Every other session of yours has been signed out.",
            "密码已修改。您的其他所有会话均已退出登录。",
            "Contraseña cambiada. Se han cerrado todas tus demás sesiones.",
            "Passwort geändert. Alle deine anderen Sitzungen wurden abgemeldet.",
        ],
        WrongPassword => [
            "The current password is not right.",
            "当前密码不正确。",
            "La contraseña actual no es correcta.",
            "Das aktuelle Passwort stimmt nicht.",
        ],
        PasswordMismatch => [
            "The two new passwords differ.",
            "两次输入的新密码不一致。",
            "Las dos contraseñas nuevas no coinciden.",
            "Die beiden neuen Passwörter stimmen nicht überein.",
        ],
        PasswordWeak => [
            "Choose at least 12 characters, and not one character repeated.",
            "请至少使用 12 个字符，且不要全是同一个字符。",
            "Elige al menos 12 caracteres, y no un mismo carácter repetido.",
            "Wähle mindestens 12 Zeichen, und nicht ein einziges Zeichen wiederholt.",
        ],
    }
}

pub fn role_label(locale: Locale, role: Role) -> &'static str {
    console_text(
        locale,
        match role {
            Role::Owner => ConsoleText::RoleOwner,
            Role::Staff => ConsoleText::RoleStaff,
        },
    )
}

pub fn kind_label(locale: Locale, kind: AttentionKind) -> &'static str {
    console_text(
        locale,
        match kind {
            AttentionKind::CustomsAction => ConsoleText::KindCustomsAction,
            AttentionKind::FailedAttempt => ConsoleText::KindFailedAttempt,
            AttentionKind::Exception => ConsoleText::KindException,
            AttentionKind::EtaMissed => ConsoleText::KindEtaMissed,
            AttentionKind::Silent => ConsoleText::KindSilent,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_console_text_is_translated() {
        crate::i18n::checks::assert_translated("console", &ConsoleText::ALL, console_text);
        crate::i18n::checks::assert_translated("attention kinds", &AttentionKind::ALL, kind_label);
    }
}
