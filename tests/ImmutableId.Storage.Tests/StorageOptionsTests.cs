namespace ImmutableId.Storage.Tests;

public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;", true)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=a2V5;EndpointSuffix=core.windows.net", false)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=a2V5;TableEndpoint=https://prod.table.core.windows.net/", false)]
    public void IsLoopbackConnectionString_OnlyAzuriteOnLoopback(string connectionString, bool expected)
    {
        Assert.Equal(expected, StorageOptionsValidator.IsLoopbackConnectionString(connectionString));
    }

    [Fact]
    public void Validate_AzureTablesWithProductionConnectionString_Fails()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions
        {
            Provider = StorageProvider.AzureTables,
            TableConnectionString = "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=a2V5;EndpointSuffix=core.windows.net",
        });

        Assert.True(result.Failed);
        Assert.Contains("managed identity", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AzureTablesWithBothOrNeither_Fails()
    {
        var validator = new StorageOptionsValidator();

        Assert.True(validator.Validate(null, new StorageOptions { Provider = StorageProvider.AzureTables }).Failed);
        Assert.True(validator.Validate(null, new StorageOptions
        {
            Provider = StorageProvider.AzureTables,
            TableServiceUri = new Uri("https://x.table.core.windows.net"),
            TableConnectionString = "UseDevelopmentStorage=true",
        }).Failed);
    }

    [Fact]
    public void Validate_AzureTablesWithManagedIdentityUri_Succeeds()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions
        {
            Provider = StorageProvider.AzureTables,
            TableServiceUri = new Uri("https://x.table.core.windows.net"),
        });

        Assert.True(result.Succeeded);
    }
}
