using Atrium.Api.Infrastructure.Mail;

namespace Atrium.Api.Features.Identity;

/// <summary>The messages the identity slices send, in English and Russian (by the account's <c>locale</c>).</summary>
public static class IdentityMail
{
    private static bool Ru(string locale) => locale == Locales.Russian;

    private static string Hello(string? name, string locale) =>
        Ru(locale) ? (string.IsNullOrWhiteSpace(name) ? "Здравствуйте!" : $"Здравствуйте, {name}!")
                   : (string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {name},");

    public static OutgoingMail Welcome(string to, string? name, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, "Добро пожаловать в Atrium",
            [Hello(name, locale), "Ваша учётная запись в Atrium создана. Подтвердите адрес кодом из следующего письма.", "— Atrium"])
        : OutgoingMail.FromParagraphs(to, "Welcome to Atrium",
            [Hello(name, locale), "Your Atrium account is ready. Confirm your address with the code in the next message.", "— Atrium"]);

    /// <summary>
    /// The welcome of an account made by a first sign-in with an outside provider. With a verified address it carries a
    /// set-password link (the link proves the address); without one it says the address is unconfirmed and carries none,
    /// so a stranger who typed this address at the provider gains nothing from the owner following it.
    /// </summary>
    public static OutgoingMail ExternalWelcome(string to, string? name, string provider, string? link, string? token, int hours, string locale) =>
        (Ru(locale), link) switch
        {
            (true, not null) => OutgoingMail.FromParagraphs(to, "Добро пожаловать в Atrium",
                [Hello(name, locale), $"Ваша учётная запись в Atrium создана при входе через {provider} ({to}). Входите через {provider} и дальше.",
                 "Чтобы входить и по паролю, задайте его по ссылке:", link, $"Или используйте токен: {token}", $"Ссылка одноразовая и действует {hours} ч.", "— Atrium"]),
            (true, null) => OutgoingMail.FromParagraphs(to, "Добро пожаловать в Atrium",
                [Hello(name, locale), $"Учётная запись в Atrium создана при входе через {provider} с этим адресом. {provider} не подтвердил адрес, поэтому в Atrium он пока не подтверждён.",
                 "Подтвердите адрес в профиле; после этого пароль можно задать через «Забыли пароль?».",
                 $"Если вы не входили через {provider}, значит, кто-то указал там ваш адрес: ничего не делайте и сообщите администратору.", "— Atrium"]),
            (false, not null) => OutgoingMail.FromParagraphs(to, "Welcome to Atrium",
                [Hello(name, locale), $"Your Atrium account was made when you signed in with {provider} ({to}). Keep signing in with {provider}.",
                 "To sign in with a password as well, choose one here:", link, $"Or use this token: {token}", $"The link works once, for {hours} hours.", "— Atrium"]),
            (false, null) => OutgoingMail.FromParagraphs(to, "Welcome to Atrium",
                [Hello(name, locale), $"An Atrium account was made when someone signed in with {provider} using this address. {provider} did not confirm the address, so Atrium has not confirmed it either.",
                 "Confirm the address from your profile; then you can choose a password with \"Forgot password\".",
                 $"If you did not sign in with {provider}, someone typed your address there: do nothing, and tell your administrator.", "— Atrium"]),
        };

    public static OutgoingMail ConfirmEmail(string to, string code, string link, int minutes, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, $"Код подтверждения Atrium: {code}",
            ["Код для подтверждения адреса:", code, "Или откройте ссылку:", link, $"Код действует {minutes} мин. Если вы не регистрировались в Atrium, просто удалите это письмо."], code)
        : OutgoingMail.FromParagraphs(to, $"Your Atrium confirmation code: {code}",
            ["Your code to confirm this address:", code, "Or open this link:", link, $"The code works for {minutes} minutes. If you did not sign up to Atrium, ignore this message."], code);

    public static OutgoingMail ChangeEmail(string to, string code, string link, int minutes, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, $"Подтвердите новый адрес в Atrium: {code}",
            ["Код для смены адреса учётной записи на этот:", code, "Или откройте ссылку:", link, $"Код действует {minutes} мин. Пока адрес не подтверждён, действует прежний."], code)
        : OutgoingMail.FromParagraphs(to, $"Confirm your new Atrium address: {code}",
            ["Your code to move your account to this address:", code, "Or open this link:", link, $"The code works for {minutes} minutes. Until it is confirmed, your old address stays in use."], code);

    public static OutgoingMail EmailChanged(string oldAddress, string newAddress, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(oldAddress, "Адрес вашей учётной записи Atrium изменён",
            [$"Адрес учётной записи изменён на {newAddress}. Письма больше не будут приходить сюда.", "Если это были не вы, немедленно сбросьте пароль и свяжитесь с администратором."])
        : OutgoingMail.FromParagraphs(oldAddress, "Your Atrium address was changed",
            [$"Your account's address is now {newAddress}; mail no longer comes here.", "If this was not you, reset your password at once and contact your administrator."]);

    public static OutgoingMail PasswordReset(string to, string link, string token, int minutes, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, "Сброс пароля Atrium",
            ["Чтобы задать новый пароль, откройте ссылку:", link, $"Или используйте токен: {token}", $"Ссылка одноразовая и действует {minutes} мин. Если вы не просили сброс, удалите письмо: пароль не изменится."])
        : OutgoingMail.FromParagraphs(to, "Reset your Atrium password",
            ["To choose a new password, open this link:", link, $"Or use this token: {token}", $"The link works once, for {minutes} minutes. If you did not ask for it, ignore this message: your password stays as it is."]);

    public static OutgoingMail SetPassword(string to, string? name, string organization, string link, string token, int hours, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, $"Для вас создана учётная запись Atrium ({organization})",
            [Hello(name, locale), $"Администратор организации «{organization}» создал для вас учётную запись. Задайте пароль по ссылке:", link, $"Или используйте токен: {token}", $"Ссылка одноразовая и действует {hours} ч."])
        : OutgoingMail.FromParagraphs(to, $"An Atrium account was made for you ({organization})",
            [Hello(name, locale), $"An administrator of {organization} made you an account. Choose your password here:", link, $"Or use this token: {token}", $"The link works once, for {hours} hours."]);

    public static OutgoingMail LoginCode(string to, string code, int minutes, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, $"Код входа в Atrium: {code}",
            ["Код для входа:", code, $"Код действует {minutes} мин. Если вы не входили в Atrium, смените пароль."], code)
        : OutgoingMail.FromParagraphs(to, $"Your Atrium login code: {code}",
            ["Your login code:", code, $"It works for {minutes} minutes. If you are not logging in to Atrium, change your password."], code);

    public static OutgoingMail TwoStepOffCode(string to, string code, int minutes, string locale) => Ru(locale)
        ? OutgoingMail.FromParagraphs(to, $"Код отключения двухэтапного входа: {code}",
            ["Код, чтобы отключить двухэтапный вход:", code, $"Код действует {minutes} мин. Если это не вы, смените пароль."], code)
        : OutgoingMail.FromParagraphs(to, $"Code to turn off two-step login: {code}",
            ["Your code to turn off two-step login:", code, $"It works for {minutes} minutes. If this was not you, change your password."], code);
}
