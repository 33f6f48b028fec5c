using System.Collections.Frozen;
using System.Text.RegularExpressions;
using FluentValidation;

namespace Atrium.Api.Infrastructure.Validation;

/// <summary>
/// Money as Atrium stores it: <c>numeric(14,2)</c> amounts and ISO 4217 alphabetic currency codes. The one place
/// these rules live, for every area that takes an amount.
/// </summary>
public static partial class Money
{
    /// <summary>The largest amount numeric(14,2) holds.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyShape();

    /// <summary>An ISO 4217 alphabetic code by its shape: three upper-case Latin letters.</summary>
    public static bool IsCurrency(string? value) => value is not null && CurrencyShape().IsMatch(value);

    /// <summary>0 … 999 999 999 999.99 with at most two decimals.</summary>
    public static bool IsAmount(decimal value) => value is >= 0 and <= MaxAmount && decimal.Round(value, 2) == value;

    /// <summary>An amount above zero that numeric(14,2) holds exactly (a price, a donation).</summary>
    public static bool IsPositiveAmount(decimal value) => value > 0 && IsAmount(value);

    /// <summary>A currency in circulation today: in the ISO 4217 list, not only shaped like a code.</summary>
    public static bool IsKnownCurrency(string? value) => value is not null && Known.Contains(value);

    /// <summary>The active ISO 4217 alphabetic codes (funds, precious metals and testing codes left out).</summary>
    private static readonly FrozenSet<string> Known = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP
        CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR
        ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
        MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD
        SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND
        VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A price or a given amount: above 0, numeric(14,2).</summary>
    public static IRuleBuilderOptions<T, decimal> PositiveAmount<T>(this IRuleBuilder<T, decimal> rule, string field) =>
        rule.Must(IsPositiveAmount).WithMessage($"'{field}' must be above 0 and at most {MaxAmount}, with at most two decimals.");
}
