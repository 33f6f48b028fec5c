using System.Diagnostics;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Atrium.Api.Tests.Deploy;

/// <summary>
/// What a closed perimeter expects of <c>deploy/k8s</c>, checked on the rendered objects: <c>kubectl kustomize deploy/k8s</c>
/// when kubectl is installed, else the resources that kustomization.yaml lists, read as they are (the kustomization only
/// sets the image tag).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(AtriumFactory.RepositoryRoot(), "deploy", "k8s");
    private static readonly Lazy<List<JsonObject>> Rendered = new(Render);

    private static List<JsonObject> Render()
    {
        var text = RenderWithKubectl() ?? string.Join("\n---\n", ResourcesOfKustomization().Select(f => File.ReadAllText(Path.Combine(Folder, f))));
        return Documents(text);
    }

    private static string? RenderWithKubectl()
    {
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);
        if (kubectl is null)
            return null;
        using var process = Process.Start(new ProcessStartInfo(kubectl, ["kustomize", Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "kubectl kustomize failed: " + error);
        return output;
    }

    private static IEnumerable<string> ResourcesOfKustomization() =>
        Documents(File.ReadAllText(Path.Combine(Folder, "kustomization.yaml")))[0]["resources"]!.AsArray().Select(r => (string)r!);

    private static List<JsonObject> Documents(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var deserializer = new DeserializerBuilder().Build();
        parser.Consume<StreamStart>();
        var documents = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(deserializer.Deserialize<object>(parser)) is JsonObject document)
                documents.Add(document);
        }
        return documents;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        IDictionary<object, object> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key.ToString()!, ToJson(p.Value)))),
        IList<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        null => null,
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject One(string kind, string name) =>
        Assert.Single(Rendered.Value, d => (string?)d["kind"] == kind && (string?)d["metadata"]!["name"] == name);

    private static IEnumerable<JsonObject> Deployments => Rendered.Value.Where(d => (string?)d["kind"] == "Deployment");

    private static JsonArray Env(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();

    private static string? SecretOf(JsonObject deployment, string variable) =>
        (string?)Env(deployment).Single(e => (string?)e!["name"] == variable)!["valueFrom"]?["secretKeyRef"]?["name"];

    [Fact]
    public void It_renders_the_objects_this_service_needs()
    {
        var kinds = Rendered.Value.Select(d => $"{d["kind"]}/{d["metadata"]!["name"]}").ToHashSet();
        foreach (var expected in new[] { "ConfigMap/atrium-api", "Deployment/atrium-api", "Deployment/atrium-worker", "Service/atrium-api",
                     "Ingress/atrium-api", "HorizontalPodAutoscaler/atrium-api", "PodDisruptionBudget/atrium-api", "NetworkPolicy/atrium-default-deny" })
            Assert.Contains(expected, kinds);
    }

    [Fact]
    public void Every_container_runs_as_non_root_on_a_read_only_filesystem_with_resources()
    {
        Assert.NotEmpty(Deployments);
        foreach (var deployment in Deployments)
        {
            var pod = deployment["spec"]!["template"]!["spec"]!;
            Assert.Equal("true", (string?)pod["securityContext"]!["runAsNonRoot"]);
            Assert.Equal("false", (string?)pod["automountServiceAccountToken"]);
            foreach (var container in pod["containers"]!.AsArray())
            {
                Assert.Equal("true", (string?)container!["securityContext"]!["readOnlyRootFilesystem"]);
                Assert.Equal("false", (string?)container["securityContext"]!["allowPrivilegeEscalation"]);
                Assert.Contains("ALL", container["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
                foreach (var part in new[] { "requests", "limits" })
                {
                    Assert.NotNull(container["resources"]![part]!["cpu"]);
                    Assert.NotNull(container["resources"]![part]!["memory"]);
                }
            }
        }
    }

    [Fact]
    public void The_api_waits_before_stopping_and_the_worker_runs_apart()
    {
        var api = One("Deployment", "atrium-api");
        var pod = api["spec"]!["template"]!["spec"]!;
        var delay = int.Parse((string)pod["containers"]![0]!["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!);
        Assert.InRange(delay, 5, 30);
        Assert.True(int.Parse((string)pod["terminationGracePeriodSeconds"]!) > delay + 10);
        Assert.Equal("false", (string?)Env(api).Single(e => (string?)e!["name"] == "Jobs__Enabled")!["value"]);

        var worker = One("Deployment", "atrium-worker");
        Assert.Equal(["dotnet", "Api.dll", "worker"],
            worker["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Null(worker["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Secrets_hold_the_master_key_and_smtp_and_a_config_map_the_rest()
    {
        var api = One("Deployment", "atrium-api");
        var worker = One("Deployment", "atrium-worker");
        Assert.Equal("atrium-master-key", SecretOf(api, "Encryption__Keys__k1"));
        Assert.Equal("atrium-master-key", SecretOf(worker, "Encryption__Keys__k1"));
        Assert.Equal("atrium-smtp", SecretOf(worker, "Mail__Password"));
        Assert.Equal("atrium-api", SecretOf(api, "Jwt__SigningKey"));
        foreach (var deployment in new[] { api, worker })
            Assert.Equal("atrium-api", (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["envFrom"]![0]!["configMapRef"]!["name"]);
        var config = One("ConfigMap", "atrium-api")["data"]!;
        Assert.Equal("k1", (string?)config["Encryption__ActiveKeyId"]);

        var examples = Documents(File.ReadAllText(Path.Combine(Folder, "secret.example.yaml")));
        var names = examples.Where(d => (string?)d["kind"] == "Secret").Select(d => (string?)d["metadata"]!["name"]).ToHashSet();
        Assert.Superset(new HashSet<string?> { "atrium-api", "atrium-master-key", "atrium-smtp" }, names);
        Assert.DoesNotContain(Rendered.Value, d => (string?)d["kind"] == "Secret"); // no secret values in what is applied with -k
    }

    [Fact]
    public void The_ingress_terminates_tls_and_lets_the_largest_upload_through_unbuffered()
    {
        var ingress = One("Ingress", "atrium-api");
        Assert.NotEmpty(ingress["spec"]!["tls"]!.AsArray());
        Assert.NotNull(ingress["spec"]!["tls"]![0]!["secretName"]);
        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.Equal("off", (string?)annotations["nginx.ingress.kubernetes.io/proxy-request-buffering"]);
        var bodyLimit = (string)annotations["nginx.ingress.kubernetes.io/proxy-body-size"]!;
        Assert.EndsWith("m", bodyLimit);
        var maxUpload = long.Parse((string)One("ConfigMap", "atrium-api")["data"]!["Documents__MaxUploadBytes"]!);
        Assert.True(long.Parse(bodyLimit[..^1]) * 1024 * 1024 > maxUpload, "the ingress would refuse uploads the API accepts");
    }

    [Fact]
    public void The_api_scales_and_keeps_a_replica_through_disruptions()
    {
        var hpa = One("HorizontalPodAutoscaler", "atrium-api");
        Assert.Equal("atrium-api", (string?)hpa["spec"]!["scaleTargetRef"]!["name"]);
        Assert.True(int.Parse((string)hpa["spec"]!["minReplicas"]!) >= 2);
        var pdb = One("PodDisruptionBudget", "atrium-api");
        Assert.Equal("atrium-api", (string?)pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]);
        Assert.Equal("1", (string?)pdb["spec"]!["minAvailable"]);
    }

    [Fact]
    public void Only_the_ingress_reaches_the_api_and_the_api_reaches_only_postgres_redis_smtp_and_dns()
    {
        var policies = Rendered.Value.Where(d => (string?)d["kind"] == "NetworkPolicy").ToList();
        var deny = policies.Single(p => (string?)p["metadata"]!["name"] == "atrium-default-deny")["spec"]!;
        Assert.Empty(deny["podSelector"]!.AsObject());
        Assert.Equal(["Egress", "Ingress"], deny["policyTypes"]!.AsArray().Select(t => (string)t!).Order().ToArray());
        Assert.Null(deny["ingress"]);
        Assert.Null(deny["egress"]);

        bool ForApi(JsonObject p) => (string?)p["spec"]!["podSelector"]!["matchLabels"]?["app.kubernetes.io/name"] == "atrium-api";
        var ingress = policies.Where(ForApi).SelectMany(p => p["spec"]!["ingress"]?.AsArray() ?? []).ToList();
        var rule = Assert.Single(ingress);
        var source = Assert.Single(rule!["from"]!.AsArray());
        Assert.Equal("ingress-nginx", (string?)source!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]);
        Assert.Equal(["8080"], rule["ports"]!.AsArray().Select(p => (string)p!["port"]!).ToArray());

        var egressPorts = policies.Where(ForApi).SelectMany(p => p["spec"]!["egress"]?.AsArray() ?? [])
            .SelectMany(r => r!["ports"]!.AsArray().Select(p => (string)p!["port"]!)).ToHashSet();
        Assert.Equal(new HashSet<string> { "5432", "6379", "587", "53" }, egressPorts);
        Assert.All(policies.Where(ForApi).SelectMany(p => p["spec"]!["egress"]?.AsArray() ?? []),
            r => Assert.All(r!["to"]!.AsArray(), to => Assert.True(to!["ipBlock"] is not null || to["podSelector"] is not null)));
    }
}
