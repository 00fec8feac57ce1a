{{/*
The rules that span several values (values.schema.json checks each value alone). Each failure names the value to
set and why, and rendering stops at the first one.
*/}}
{{- define "switchboard.validate" -}}
{{- $v := .Values -}}
{{- $auth := $v.edge.auth -}}
{{- if not $auth.mode -}}
{{- fail "edge.auth.mode is not set: choose Jwt (with edge.auth.jwt.issuer, edge.auth.jwt.audience and a key: edge.auth.jwt.existingSecret — default <fullname>-auth —, signingKey, publicKeyPem or jwksUrl) or, for development only, Anonymous (clients name their own user; nothing is authenticated)." -}}
{{- end -}}
{{- if eq $auth.mode "Jwt" -}}
{{- if or (not $auth.jwt.issuer) (not $auth.jwt.audience) -}}
{{- fail "edge.auth.mode is Jwt but edge.auth.jwt.issuer or edge.auth.jwt.audience is empty: every token must carry this iss and aud." -}}
{{- end -}}
{{- end -}}
{{- if and (eq $v.redis.mode "external") (not $v.redis.external.address) (not $v.redis.external.existingSecret) -}}
{{- fail "redis.mode is external but neither redis.external.address nor redis.external.existingSecret is set: the silos and edges need the Redis configuration string (e.g. redis.example:6379)." -}}
{{- end -}}
{{- if and $v.coturn.enabled (eq (len $v.turn.urls) 0) -}}
{{- fail "coturn.enabled is true but turn.urls is empty: set the TURN URLs as clients reach coturn's Service (e.g. turn:turn.example.com:3478?transport=udp)." -}}
{{- end -}}
{{- if and (include "switchboard.turnEnabled" .) (not $v.turn.secret) (not $v.turn.existingSecret) -}}
{{- fail "TURN is on (coturn.enabled or turn.urls) but turn.secret and turn.existingSecret are empty: edges and coturn need the shared secret." -}}
{{- end -}}
{{- if le (int $v.silo.terminationGracePeriodSeconds) (int $v.silo.shutdownTimeoutSeconds) -}}
{{- fail (printf "silo.terminationGracePeriodSeconds (%d) must be longer than silo.shutdownTimeoutSeconds (%d): Kubernetes would kill a silo in the middle of handing over its grains." (int $v.silo.terminationGracePeriodSeconds) (int $v.silo.shutdownTimeoutSeconds)) -}}
{{- end -}}
{{- if le (int $v.edge.terminationGracePeriodSeconds) (add (int $v.edge.preStopSeconds) (int $v.edge.shutdownTimeoutSeconds)) -}}
{{- fail (printf "edge.terminationGracePeriodSeconds (%d) must be longer than edge.preStopSeconds + edge.shutdownTimeoutSeconds (%d + %d): Kubernetes would kill an edge while it drains its clients." (int $v.edge.terminationGracePeriodSeconds) (int $v.edge.preStopSeconds) (int $v.edge.shutdownTimeoutSeconds)) -}}
{{- end -}}
{{- $ports := list (int $v.silo.ports.http) (int $v.silo.ports.silo) (int $v.silo.ports.gateway) -}}
{{- if ne (len (uniq $ports)) 3 -}}
{{- fail (printf "silo.ports.http, silo.ports.silo and silo.ports.gateway must differ (were %v)." $ports) -}}
{{- end -}}
{{- $metricsPort := int $v.telemetry.metricsPort -}}
{{- if and (gt $metricsPort 0) (or (has $metricsPort $ports) (eq $metricsPort (int $v.edge.port))) -}}
{{- fail (printf "telemetry.metricsPort (%d) must differ from silo.ports and edge.port: it is a listener of its own." $metricsPort) -}}
{{- end -}}
{{- $media := $v.edge.media -}}
{{- if $media.enabled -}}
{{- if eq $media.advertise "Address" -}}
{{- if not $media.advertisedAddress -}}
{{- fail "edge.media.advertise is Address but edge.media.advertisedAddress is empty: set the IP address clients send media to." -}}
{{- end -}}
{{- if gt (int (include "switchboard.maxEdges" .)) 1 -}}
{{- fail (printf "edge.media.advertise is Address, which one edge only can use, but there can be %s edges: a browser must send media to the edge that answered its call, so with several edges use PodIP (with TURN) or HostIP." (include "switchboard.maxEdges" .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.edge.autoscaling.enabled (gt (int $v.edge.autoscaling.minReplicas) (int $v.edge.autoscaling.maxReplicas)) -}}
{{- fail "edge.autoscaling.minReplicas must not exceed edge.autoscaling.maxReplicas." -}}
{{- end -}}
{{- if and $v.coturn.enabled (ge (int $v.coturn.minPort) (int $v.coturn.maxPort)) -}}
{{- fail "coturn.minPort must be below coturn.maxPort." -}}
{{- end -}}
{{- end -}}
