using PartnerBot.Deployment.Tests.Support;

namespace PartnerBot.Deployment.Tests.Template;

/// <summary>
/// The template's telemetry and alerts, read from the ARM JSON the real Bicep compiler produces: Application Insights
/// on a Log Analytics workspace, its connection string in the app's settings, and the four alert rules with their
/// conditions, thresholds from parameters, and an e-mail only when one is given.
/// </summary>
public sealed class MonitoringTemplateTests
{
    private const string Insights = "Microsoft.Insights/components";
    private const string QueryRule = "Microsoft.Insights/scheduledQueryRules";
    private const string MetricAlert = "Microsoft.Insights/metricAlerts";

    private static ArmTemplate Arm => ArmTemplate.Compiled;

    [Fact]
    public void Insights_IsWorkspaceBased()
    {
        var properties = Evaluate(Arm.Resource(Insights)["properties"]);

        Assert.Equal("web", properties["Application_Type"]);
        Assert.Equal("LogAnalytics", properties["IngestionMode"]);
        Assert.Equal("<Microsoft.OperationalInsights/workspaces.id>", ArmTemplate.Text(properties["WorkspaceResourceId"]));
        Assert.Equal("PerGB2018", (string?)Arm.Resource("Microsoft.OperationalInsights/workspaces")["properties"]!["sku"]!["name"]);
    }

    [Theory]
    [MemberData(nameof(DeploymentNames))]
    public void AppSettings_CarryTheInsightsConnectionString_AndTheTrustedFrontEnd(string deployment)
    {
        var settings = Deployments.Settings(deployment);

        Assert.Equal("<Microsoft.Insights/components.ConnectionString>", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal("169.254.0.0/16", settings["Edge__ForwardedHeaders__KnownNetworks"]);
    }

    [Theory]
    [InlineData("partnerbot.inbound.unauthorized", "valueSum", "Total", "GreaterThanOrEqual", "20", "PT5M")]
    [InlineData("partnerbot.outbox.oldest_due_age", "valueMax", "Maximum", "GreaterThan", "1800", "PT15M")]
    [InlineData("partnerbot.outbox.failed", "valueSum", "Total", "GreaterThan", "0", "PT15M")]
    public void QueryAlert_OnTheAppsMetric_HasItsCondition(string metric, string column, string aggregation, string comparison, string threshold, string window)
    {
        var rule = QueryRuleOn(metric);
        var properties = (Dictionary<string, object?>)rule["properties"]!;
        var condition = (Dictionary<string, object?>)Assert.Single((List<object?>)((Dictionary<string, object?>)properties["criteria"]!)["allOf"]!)!;
        var query = (string)condition["query"]!;

        Assert.Equal("LogAlert", rule["kind"]);
        Assert.Equal(["<Microsoft.Insights/components.id>"], ((List<object?>)properties["scopes"]!).Select(ArmTemplate.Text));
        Assert.StartsWith("customMetrics | where name == \"" + metric + "\"", query, StringComparison.Ordinal);
        Assert.Contains("= " + column, query, StringComparison.Ordinal);
        Assert.DoesNotContain("summarize", query, StringComparison.Ordinal);
        Assert.Equal(aggregation, condition["timeAggregation"]);
        Assert.Equal(comparison, condition["operator"]);
        Assert.Equal(threshold, ArmTemplate.Text(condition["threshold"]));
        Assert.Equal(window, properties["windowSize"]);
        Assert.Equal(true, properties["enabled"]);
    }

    [Fact]
    public void HealthAlert_WatchesAppServicesChecksOfHealth()
    {
        var alerts = Arm.Resources.Where(r => (string?)r["type"] == MetricAlert).Select(r => Evaluate(r)).ToList();
        var properties = (Dictionary<string, object?>)Assert.Single(alerts)["properties"]!;
        var criteria = (Dictionary<string, object?>)properties["criteria"]!;
        var condition = (Dictionary<string, object?>)Assert.Single((List<object?>)criteria["allOf"]!)!;

        Assert.Equal(["<Microsoft.Web/sites.id>"], ((List<object?>)properties["scopes"]!).Select(ArmTemplate.Text));
        Assert.Equal("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", criteria["odata.type"]);
        Assert.Equal("HealthCheckStatus", condition["metricName"]);
        Assert.Equal("Microsoft.Web/sites", condition["metricNamespace"]);
        Assert.Equal("LessThan", condition["operator"]);
        Assert.Equal("80", ArmTemplate.Text(condition["threshold"]));
        Assert.Equal("Average", condition["timeAggregation"]);
        Assert.Equal("/health", (string?)Arm.Resource("Microsoft.Web/sites")["properties"]!["siteConfig"]!["healthCheckPath"]);
    }

    [Theory]
    [InlineData("unauthorizedBurstThreshold", "partnerbot.inbound.unauthorized")]
    [InlineData("outboxOldestDueAgeThresholdSeconds", "partnerbot.outbox.oldest_due_age")]
    [InlineData("outboxFailedThreshold", "partnerbot.outbox.failed")]
    public void QueryAlert_ThresholdIsAParameter(string parameter, string metric)
    {
        var rule = QueryRuleOn(metric, new Dictionary<string, string> { [parameter] = "7" });
        var condition = (Dictionary<string, object?>)((List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)rule["properties"]!)["criteria"]!)["allOf"]!)[0]!;

        Assert.Equal("7", ArmTemplate.Text(condition["threshold"]));
        Assert.Equal("int", (string?)Arm.Parameters[parameter]!["type"]);
    }

    [Fact]
    public void Alerts_WithAnEmail_NotifyItThroughOneActionGroup_WithoutOne_NotifyNobody()
    {
        var group = Arm.Resource("Microsoft.Insights/actionGroups");
        var withEmail = Evaluate(group, Deployments.AlertsByEmail);
        var receivers = (List<object?>)((Dictionary<string, object?>)withEmail["properties"]!)["emailReceivers"]!;

        Assert.Equal(true, withEmail["condition"]);
        Assert.Equal(false, Evaluate(group)["condition"]);
        Assert.Equal(Deployments.AlertEmail, ((Dictionary<string, object?>)Assert.Single(receivers)!)["emailAddress"]);
        Assert.Equal("", (string?)Arm.Parameters["alertEmail"]!["defaultValue"]);

        foreach (var (parameters, expected) in new[] { (Deployments.AlertsByEmail, 1), (Deployments.ManagedIdentity, 0) })
        {
            var groups = Alerts(parameters).ToList();
            Assert.Equal(4, groups.Count);
            Assert.All(groups, g => Assert.Equal(expected, g.Count));
            Assert.All(groups.SelectMany(g => g), id => Assert.Equal("<Microsoft.Insights/actionGroups.id>", id));
        }
    }

    public static TheoryData<string> DeploymentNames() => [.. Deployments.All.Keys];

    private static Dictionary<string, object?> Evaluate(System.Text.Json.Nodes.JsonNode? node, IReadOnlyDictionary<string, string>? parameters = null) =>
        (Dictionary<string, object?>)Arm.Evaluate(node, parameters)!;

    private static Dictionary<string, object?> QueryRuleOn(string metric, IReadOnlyDictionary<string, string>? parameters = null) =>
        Assert.Single(
            Arm.Resources.Where(r => (string?)r["type"] == QueryRule).Select(r => Evaluate(r, parameters)),
            r => ((string?)((Dictionary<string, object?>)((List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)r["properties"]!)["criteria"]!)["allOf"]!)[0]!)["query"])!
                .Contains('"' + metric + '"', StringComparison.Ordinal));

    /// <summary>The action groups each of the four alerts notifies, as text.</summary>
    private static IEnumerable<List<string>> Alerts(IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var rule in Arm.Resources.Where(r => (string?)r["type"] == QueryRule).Select(r => Evaluate(r, parameters)))
        {
            var actions = (Dictionary<string, object?>)((Dictionary<string, object?>)rule["properties"]!)["actions"]!;
            yield return ((List<object?>)actions["actionGroups"]!).Select(ArmTemplate.Text).ToList();
        }

        foreach (var alert in Arm.Resources.Where(r => (string?)r["type"] == MetricAlert).Select(r => Evaluate(r, parameters)))
        {
            var actions = (List<object?>)((Dictionary<string, object?>)alert["properties"]!)["actions"]!;
            yield return actions.Select(a => ArmTemplate.Text(((Dictionary<string, object?>)a!)["actionGroupId"])).ToList();
        }
    }
}
