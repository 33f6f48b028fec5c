using Atrium.Api.Infrastructure.Validation;

namespace Atrium.Api.Tests.Infrastructure.Unit;

/// <summary>Money as every area stores it: numeric(14,2) amounts and ISO 4217 codes.</summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData("EUR", true)]
    [InlineData("USD", true)]
    [InlineData("eur", false)]
    [InlineData("EURO", false)]
    [InlineData("E1R", false)]
    [InlineData("", false)]
    public void Currency_is_three_upper_case_letters(string currency, bool valid) => Assert.Equal(valid, Money.IsCurrency(currency));

    [Theory]
    [InlineData(0, true)]
    [InlineData(10.5, true)]
    [InlineData(999999999999.99, true)]
    [InlineData(-0.01, false)]
    [InlineData(1.005, false)]
    [InlineData(1000000000000, false)]
    public void Amount_fits_numeric_14_2_and_is_not_negative(decimal amount, bool valid) => Assert.Equal(valid, Money.IsAmount(amount));

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(0, false)]
    [InlineData(-5, false)]
    [InlineData(2.555, false)]
    public void A_positive_amount_is_above_zero_and_fits_numeric_14_2(decimal amount, bool valid) => Assert.Equal(valid, Money.IsPositiveAmount(amount));

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("JPY", true)]
    [InlineData("XYZ", false)]
    [InlineData("eur", false)]
    [InlineData(null, false)]
    public void A_known_currency_is_in_the_iso_4217_list(string? currency, bool known) => Assert.Equal(known, Money.IsKnownCurrency(currency));
}
