{{/* Object names: <release>-switchboard, or the release name when it already contains the chart name. */}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A component's name: (dict "root" $ "component" "silo"). */}}
{{- define "switchboard.componentName" -}}
{{- printf "%s-%s" (include "switchboard.fullname" .root) .component -}}
{{- end -}}

{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "switchboard.labels" -}}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: switchboard
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "switchboard.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{- define "switchboard.clusterId" -}}
{{- default (include "switchboard.fullname" .) .Values.cluster.clusterId -}}
{{- end -}}

{{- define "switchboard.serviceId" -}}
{{- default (include "switchboard.fullname" .) .Values.cluster.serviceId -}}
{{- end -}}

{{/* Secrets the chart creates from values given inline. */}}
{{- define "switchboard.secretName" -}}
{{- printf "%s-secrets" (include "switchboard.fullname" .) -}}
{{- end -}}

{{/*
The Secret that holds the JWT signing key when it is not given inline: edge.auth.jwt.existingSecret, else
<fullname>-auth, which the operator creates (NOTES.txt prints the command).
*/}}
{{- define "switchboard.authSecretName" -}}
{{- .Values.edge.auth.jwt.existingSecret | default (printf "%s-auth" (include "switchboard.fullname" .)) -}}
{{- end -}}

{{/*
Switchboard:Cluster for silos and edges alike (they must agree): Redis clustering, the Redis configuration string
(bundled Service, external address, or an external Secret) and the identities.
*/}}
{{- define "switchboard.clusterEnv" -}}
- name: Switchboard__Cluster__Clustering
  value: Redis
{{- if eq .Values.redis.mode "bundled" }}
- name: Switchboard__Cluster__Redis
  value: {{ printf "%s:%d" (include "switchboard.componentName" (dict "root" . "component" "redis")) (int .Values.redis.bundled.port) | quote }}
{{- else if .Values.redis.external.existingSecret }}
- name: Switchboard__Cluster__Redis
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.external.existingSecret }}
      key: {{ .Values.redis.external.existingSecretKey }}
{{- else }}
- name: Switchboard__Cluster__Redis
  value: {{ .Values.redis.external.address | quote }}
{{- end }}
- name: Switchboard__Cluster__ClusterId
  value: {{ include "switchboard.clusterId" . | quote }}
- name: Switchboard__Cluster__ServiceId
  value: {{ include "switchboard.serviceId" . | quote }}
{{- end -}}

{{/* Switchboard:Telemetry, the same for every process. */}}
{{- define "switchboard.telemetryEnv" -}}
- name: Switchboard__Telemetry__Prometheus
  value: {{ .Values.telemetry.prometheus | toString | quote }}
{{- if include "switchboard.metricsPort" . }}
- name: Switchboard__Telemetry__MetricsUrl
  value: {{ printf "http://0.0.0.0:%s" (include "switchboard.metricsPort" .) | quote }}
{{- end }}
{{- with .Values.telemetry.otlpEndpoint }}
- name: Switchboard__Telemetry__OtlpEndpoint
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The pod's identity from the downward API; OTEL_RESOURCE_ATTRIBUTES puts it on every span and metric. */}}
{{- define "switchboard.podEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: OTEL_RESOURCE_ATTRIBUTES
  value: k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)
{{- end -}}

{{/*
appsettings.json-shaped values flattened into environment variable names, the way .NET configuration reads them:
nested keys joined by "__", list items by their index. (dict "prefix" "" "value" .Values.silo.settings "out" $dict)
*/}}
{{- define "switchboard.flatten" -}}
{{- $prefix := .prefix -}}
{{- $out := .out -}}
{{- if kindIs "map" .value -}}
{{- range $k, $v := .value -}}
{{- $key := $k -}}
{{- if $prefix }}{{ $key = printf "%s__%s" $prefix $k }}{{ end -}}
{{- include "switchboard.flatten" (dict "prefix" $key "value" $v "out" $out) -}}
{{- end -}}
{{- else if kindIs "slice" .value -}}
{{- range $i, $v := .value -}}
{{- include "switchboard.flatten" (dict "prefix" (printf "%s__%d" $prefix $i) "value" $v "out" $out) -}}
{{- end -}}
{{- else if kindIs "invalid" .value -}}
{{- else if and (kindIs "float64" .value) (eq (floor .value) .value) -}}
{{- $_ := set $out $prefix (.value | int64 | toString) -}}
{{- else -}}
{{- $_ := set $out $prefix (.value | toString) -}}
{{- end -}}
{{- end -}}

{{/* The ConfigMap data of a settings map, as YAML (sorted keys; "{}" when empty). */}}
{{- define "switchboard.settingsData" -}}
{{- $out := dict -}}
{{- include "switchboard.flatten" (dict "prefix" "" "value" . "out" $out) -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Pod and container security: non-root, read-only root, nothing extra. */}}
{{- define "switchboard.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ default .runAsUser .runAsGroup }}
fsGroup: {{ default .runAsUser .fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "switchboard.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* The number of edges there can be at once (for the rules that hold only with one). */}}
{{- define "switchboard.maxEdges" -}}
{{- if .Values.edge.autoscaling.enabled -}}{{ .Values.edge.autoscaling.maxReplicas }}{{- else -}}{{ .Values.edge.replicas }}{{- end -}}
{{- end -}}

{{/* Whether the chart hands out TURN credentials, and so needs the shared secret. */}}
{{- define "switchboard.turnEnabled" -}}
{{- if or .Values.coturn.enabled (gt (len .Values.turn.urls) 0) -}}true{{- end -}}
{{- end -}}

{{- define "switchboard.turnSecretRef" -}}
{{- if .Values.turn.existingSecret -}}
name: {{ .Values.turn.existingSecret }}
key: {{ .Values.turn.existingSecretKey }}
{{- else -}}
name: {{ include "switchboard.secretName" . }}
key: turn-secret
{{- end -}}
{{- end -}}

{{/*
The port /metrics is served on when it has one of its own (telemetry.metricsPort with Prometheus on), else empty:
then each process serves it on its HTTP port.
*/}}
{{- define "switchboard.metricsPort" -}}
{{- if and .Values.telemetry.prometheus (gt (int .Values.telemetry.metricsPort) 0) -}}
{{- .Values.telemetry.metricsPort -}}
{{- end -}}
{{- end -}}
