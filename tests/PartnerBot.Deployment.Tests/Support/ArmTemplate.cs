using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>
/// A value Azure knows only at deployment (a resource's property, a generated name, the resource group's location).
/// Shown as &lt;description&gt; inside strings, e.g. "&lt;Microsoft.Storage/storageAccounts.primaryEndpoints.table&gt;".
/// </summary>
public sealed record DeploymentValue(string Description)
{
    public override string ToString() => $"<{Description}>";
}

/// <summary>One app setting of the compiled template, evaluated for one set of parameter values.</summary>
public sealed record ArmSetting(string Name, string Value);

/// <summary>
/// deployment/main.bicep compiled by the real Bicep compiler into ARM JSON, with a small evaluator for the ARM template
/// functions the compiled template uses, so a test reads the app settings one deployment would really get.
/// </summary>
public sealed class ArmTemplate
{
    private static readonly Lazy<ArmTemplate> CompiledTemplate = new(() =>
    {
        var run = BicepCompiler.Build();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({run.ExitCode}): {run.Diagnostics}");
        }

        return new ArmTemplate(JsonNode.Parse(run.Output)!.AsObject());
    });

    private ArmTemplate(JsonObject json) => Json = json;

    public static ArmTemplate Compiled => CompiledTemplate.Value;

    public JsonObject Json { get; }

    public JsonObject Parameters => Json["parameters"]!.AsObject();

    public IEnumerable<JsonObject> Resources => Json["resources"] switch
    {
        JsonArray list => list.Select(r => r!.AsObject()),
        JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()),
        _ => [],
    };

    public JsonObject Resource(string type) => Resources.Single(r => (string?)r["type"] == type);

    /// <summary>
    /// The web app's settings for a deployment with these parameter values (the others take their defaults).
    /// </summary>
    public IReadOnlyList<ArmSetting> AppSettings(IReadOnlyDictionary<string, string>? parameters = null) =>
        ((List<object?>)Evaluate(Resource("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"], parameters)!)
            .Cast<Dictionary<string, object?>>()
            .Select(s => new ArmSetting((string)s["name"]!, Evaluator.Text(s["value"])))
            .ToList();

    /// <summary>
    /// One template value as a deployment with these parameters would see it: strings, booleans, numbers, lists
    /// (<c>List&lt;object?&gt;</c>), objects (<c>Dictionary&lt;string, object?&gt;</c>) and <see cref="DeploymentValue"/>s.
    /// </summary>
    public object? Evaluate(JsonNode? node, IReadOnlyDictionary<string, string>? parameters = null) =>
        new Evaluator(this, parameters ?? new Dictionary<string, string>()).Evaluate(node);

    /// <summary>A value from <see cref="Evaluate"/> as text; deployment-time parts as &lt;description&gt;.</summary>
    public static string Text(object? value) => Evaluator.Text(value);

    /// <summary>Evaluates ARM template expressions ("[function(...)]") over one set of parameter values.</summary>
    private sealed class Evaluator(ArmTemplate template, IReadOnlyDictionary<string, string> given)
    {
        private readonly Dictionary<string, object?> variables = [];

        public object? Evaluate(JsonNode? node) => node switch
        {
            null => null,
            JsonArray array => array.Select(Evaluate).ToList(),
            JsonObject obj => obj.ToDictionary(p => p.Key, p => Evaluate(p.Value)),
            JsonValue v when v.TryGetValue(out string? s) => EvaluateString(s),
            JsonValue v when v.TryGetValue(out bool b) => b,
            JsonValue v when v.TryGetValue(out long l) => l,
            _ => throw new InvalidOperationException($"Unexpected template value {node.ToJsonString()}."),
        };

        public static string Text(object? value) => value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            DeploymentValue d => d.ToString(),
            ResourceId r => r.ToString(),
            _ => throw new InvalidOperationException($"A setting's value is a {value.GetType().Name}, not text."),
        };

        private object? EvaluateString(string s)
        {
            if (s.StartsWith("[[", StringComparison.Ordinal))
            {
                return s[1..];
            }

            if (s is not ['[', .., ']'])
            {
                return s;
            }

            var parser = new Parser(s[1..^1]);
            var expression = parser.ParseExpression();
            parser.ExpectEnd();
            return expression(this);
        }

        private object? Parameter(string name)
        {
            var declared = template.Parameters[name]?.AsObject() ?? throw new InvalidOperationException($"The template has no parameter '{name}'.");
            if (given.TryGetValue(name, out var value))
            {
                return value;
            }

            return declared.TryGetPropertyValue("defaultValue", out var fallback)
                ? Evaluate(fallback)
                : throw new InvalidOperationException($"Parameter '{name}' has no default; give it a value.");
        }

        private object? Variable(string name)
        {
            if (!variables.TryGetValue(name, out var value))
            {
                var node = template.Json["variables"]?[name] ?? throw new InvalidOperationException($"The template has no variable '{name}'.");
                value = variables[name] = Evaluate(node);
            }

            return value;
        }

        public object? Call(string function, IReadOnlyList<object?> args) => function.ToLowerInvariant() switch
        {
            "parameters" => Parameter(Str(args[0])),
            "variables" => Variable(Str(args[0])),
            "concat" => args.All(a => a is List<object?>) ? args.SelectMany(a => (List<object?>)a!).ToList() : string.Concat(args.Select(Text)),
            "createarray" => args.ToList(),
            "createobject" => Enumerable.Range(0, args.Count / 2).ToDictionary(i => Str(args[2 * i]), i => args[(2 * i) + 1]),
            "if" => Bool(args[0]) ? args[1] : args[2],
            "equals" => Equals(Known(args[0]), Known(args[1])),
            "not" => !Bool(args[0]),
            "and" => args.All(Bool),
            "or" => args.Any(Bool),
            "empty" => Known(args[0]) switch { null => true, string s => s.Length == 0, List<object?> l => l.Count == 0, Dictionary<string, object?> d => d.Count == 0, _ => false },
            "format" => string.Format(CultureInfo.InvariantCulture, Str(args[0]), args.Skip(1).Select(a => (object)Text(a)).ToArray()),
            "replace" => Str(args[0]).Replace(Str(args[1]), Str(args[2]), StringComparison.Ordinal),
            "tolower" => Text(args[0]).ToLowerInvariant(),
            "toupper" => Text(args[0]).ToUpperInvariant(),
            "take" => Text(args[0]) is var t && Convert.ToInt32(args[1], CultureInfo.InvariantCulture) is var n && t.Length > n ? t[..n] : Text(args[0]),
            "null" => null,
            "true" => true,
            "false" => false,
            "uniquestring" => new DeploymentValue("uniqueString"),
            "newguid" => new DeploymentValue("newGuid"),
            "base64" => Known(args[0]) is string plain ? Convert.ToBase64String(Encoding.UTF8.GetBytes(plain)) : new DeploymentValue("base64"),
            "guid" => new DeploymentValue("guid"),
            "resourcegroup" => new Dictionary<string, object?> { ["id"] = new DeploymentValue("resourceGroup.id"), ["location"] = new DeploymentValue("resourceGroup.location") },
            "subscription" => new Dictionary<string, object?> { ["tenantId"] = new DeploymentValue("subscription.tenantId"), ["subscriptionId"] = new DeploymentValue("subscription.id") },
            "resourceid" or "subscriptionresourceid" => ResourceIdOf(args),
            "extensionresourceid" => new ResourceId(Str(args[1]), args.Skip(2).Select(Text).ToList()),
            "reference" => args[0] is ResourceId id ? new DeploymentValue(id.Description) : new DeploymentValue("reference(" + Text(args[0]) + ")"),
            _ => throw new InvalidOperationException($"The evaluator does not know the template function '{function}'; add it here."),
        };

        /// <summary>resourceId([subscriptionId], [resourceGroupName], resourceType, name1, ...): the type is the first "Namespace/type".</summary>
        private static ResourceId ResourceIdOf(IReadOnlyList<object?> args)
        {
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] is string s && s.Contains('/', StringComparison.Ordinal) && s.Contains('.', StringComparison.Ordinal))
                {
                    return new ResourceId(s, args.Skip(i + 1).Select(Text).ToList());
                }
            }

            throw new InvalidOperationException("A resourceId call names no resource type.");
        }

        public static object? Property(object? target, string name) => target switch
        {
            Dictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"No property '{name}'."),
            DeploymentValue d => new DeploymentValue(d.Description + "." + name),
            _ => throw new InvalidOperationException($"Cannot read '{name}' of {Text(target)}."),
        };

        private static object? Known(object? value) => value is DeploymentValue d
            ? throw new InvalidOperationException($"{d} is known only at deployment; a test cannot decide on it.")
            : value;

        private static bool Bool(object? value) => Known(value) is bool b ? b : throw new InvalidOperationException($"{Text(value)} is not a boolean.");

        private static string Str(object? value) => Known(value) is string s ? s : throw new InvalidOperationException($"{Text(value)} is not a string.");
    }

    /// <summary>A resourceId(...) result; reference() of it is the resource's runtime state.</summary>
    private sealed record ResourceId(string Type, IReadOnlyList<string> Names)
    {
        /// <summary>The type, plus the last name when the template spells it out (a Key Vault secret's name).</summary>
        public string Description => Names.Count > 0 && !Names[^1].Contains('<', StringComparison.Ordinal) ? Type + "/" + Names[^1] : Type;

        public override string ToString() => $"<{Description}.id>";
    }

    /// <summary>Recursive descent over one expression: literals, function calls, property access and indexing.</summary>
    private sealed class Parser(string text)
    {
        private int at;

        public Func<Evaluator, object?> ParseExpression()
        {
            SkipSpaces();
            Func<Evaluator, object?> result;
            if (Peek() == '\'')
            {
                var literal = ReadString();
                result = _ => literal;
            }
            else if (char.IsDigit(Peek()) || Peek() == '-')
            {
                var start = at++;
                while (char.IsDigit(Peek()))
                {
                    at++;
                }

                var number = long.Parse(text[start..at], CultureInfo.InvariantCulture);
                result = _ => number;
            }
            else
            {
                var name = ReadIdentifier();
                Expect('(');
                var args = new List<Func<Evaluator, object?>>();
                SkipSpaces();
                if (Peek() != ')')
                {
                    args.Add(ParseExpression());
                    while (TrySkip(','))
                    {
                        args.Add(ParseExpression());
                    }
                }

                Expect(')');
                result = e => e.Call(name, args.Select(a => a(e)).ToList());
            }

            while (true)
            {
                SkipSpaces();
                if (TrySkip('.'))
                {
                    var property = ReadIdentifier();
                    var target = result;
                    result = e => Evaluator.Property(target(e), property);
                }
                else if (TrySkip('['))
                {
                    var index = ParseExpression();
                    Expect(']');
                    var target = result;
                    result = e => target(e) switch
                    {
                        List<object?> list => list[Convert.ToInt32(index(e), CultureInfo.InvariantCulture)],
                        var other => Evaluator.Property(other, Evaluator.Text(index(e))),
                    };
                }
                else
                {
                    return result;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (at != text.Length)
            {
                throw new FormatException($"Unexpected '{text[at..]}' in [{text}].");
            }
        }

        private char Peek() => at < text.Length ? text[at] : '\0';

        private void SkipSpaces()
        {
            while (char.IsWhiteSpace(Peek()))
            {
                at++;
            }
        }

        private bool TrySkip(char c)
        {
            SkipSpaces();
            if (Peek() != c)
            {
                return false;
            }

            at++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TrySkip(c))
            {
                throw new FormatException($"Expected '{c}' at {at} in [{text}].");
            }
        }

        private string ReadIdentifier()
        {
            SkipSpaces();
            var start = at;
            while (char.IsLetterOrDigit(Peek()) || Peek() == '_')
            {
                at++;
            }

            return at > start ? text[start..at] : throw new FormatException($"Expected a name at {at} in [{text}].");
        }

        private string ReadString()
        {
            var builder = new StringBuilder();
            at++;
            while (true)
            {
                if (at >= text.Length)
                {
                    throw new FormatException($"Unclosed string in [{text}].");
                }

                if (text[at] == '\'')
                {
                    if (Peek(1) == '\'')
                    {
                        builder.Append('\'');
                        at += 2;
                        continue;
                    }

                    at++;
                    return builder.ToString();
                }

                builder.Append(text[at++]);
            }
        }

        private char Peek(int ahead) => at + ahead < text.Length ? text[at + ahead] : '\0';
    }
}
