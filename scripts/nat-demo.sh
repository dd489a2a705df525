#!/usr/bin/env bash
# Two peers behind two NAT routers and a relay on the "public" side, in Linux network namespaces:
#
#                      bridge nd-pub 10.77.0.0/24
#        +----------------------+----------------------+
#   nd-relay .1           nd-ra .2 (NAT)          nd-rb .3 (NAT)
#   relay :7000               | 10.77.1.0/24           | 10.77.2.0/24
#                         nd-ha .2 alice :7100    nd-hb .2 bob :7100
#
# Each router masquerades its host (Linux MASQUERADE keeps the source port: a port-preserving NAT;
# NAT_B=random-fully makes router B pick a random port per connection) and drops unsolicited inbound
# traffic, like a home router. Needs root, iproute2, iptables and a built sample app
# (./mvnw -B -DskipTests package).
#
#   sudo scripts/nat-demo.sh up        build the topology, start relay, alice and bob (logs in /tmp/nat-demo)
#   sudo scripts/nat-demo.sh connect   ask bob to reach alice by node id (through the relay, then hole punching)
#   sudo scripts/nat-demo.sh status    /actuator/p2p of each peer
#   sudo scripts/nat-demo.sh down      stop the peers and remove the namespaces
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=$(ls sample-app/target/sample-app-*.jar 2>/dev/null | grep -v original | head -1 || true)
LOGS=/tmp/nat-demo
NAT_B=${NAT_B:-port-preserving}
NS=(nd-relay nd-ra nd-rb nd-ha nd-hb)

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

down() {
	for pid in "$LOGS"/*.pid; do
		[ -e "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
		rm -f "$pid"
	done
	sleep 1  # let the peers leave their namespaces, which then go away with their links
	for ns in "${NS[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
		ip link del "nd-$ns-w" 2>/dev/null || true
	done
	ip link del nd-pub 2>/dev/null || true
}

link_public() {  # namespace, host number
	ip link add "nd-$1-w" type veth peer name wan netns "$1"
	ip link set "nd-$1-w" master nd-pub up
	in_ns "$1" ip addr add "10.77.0.$2/24" dev wan
	in_ns "$1" ip link set wan up
	in_ns "$1" ip link set lo up
}

private_lan() {  # router, host, lan number, nat mode
	ip link add "nd-$2-l" netns "$1" type veth peer name eth0 netns "$2"
	in_ns "$1" ip link set "nd-$2-l" name lan
	in_ns "$1" ip addr add "10.77.$3.1/24" dev lan
	in_ns "$1" ip link set lan up
	in_ns "$2" ip addr add "10.77.$3.2/24" dev eth0
	in_ns "$2" ip link set eth0 up
	in_ns "$2" ip link set lo up
	in_ns "$2" ip route add default via "10.77.$3.1"
	in_ns "$1" sysctl -qw net.ipv4.ip_forward=1
	if [ "$4" = random-fully ]; then
		in_ns "$1" iptables -t nat -A POSTROUTING -o wan -j MASQUERADE --random-fully
	else
		in_ns "$1" iptables -t nat -A POSTROUTING -o wan -j MASQUERADE
	fi
	in_ns "$1" iptables -P FORWARD DROP
	in_ns "$1" iptables -A FORWARD -i lan -o wan -j ACCEPT
	in_ns "$1" iptables -A FORWARD -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
	in_ns "$1" iptables -A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
	in_ns "$1" iptables -A INPUT -i wan -j DROP
}

start_peer() {  # namespace, node id, p2p port, http port, extra args...
	local ns=$1 id=$2 port=$3 http=$4; shift 4
	# ip netns exec execs java, so $! is the peer's own pid
	# the actuator answers on the namespace's loopback only, so its write operations (POST, used by
	# "connect") may be allowed
	ip netns exec "$ns" java -jar "$JAR" --p2p.node-id="$id" --p2p.server.port="$port" --server.port="$http" \
		--server.address=127.0.0.1 --management.endpoint.p2p.access=unrestricted "$@" >"$LOGS/$id.log" 2>&1 &
	echo $! >"$LOGS/$id.pid"
}

up() {
	[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)"; exit 1; }
	[ -n "$JAR" ] || { echo "build the sample first: ./mvnw -B -DskipTests package"; exit 1; }
	down
	mkdir -p "$LOGS"
	for ns in "${NS[@]}"; do ip netns add "$ns"; done
	ip link add nd-pub type bridge
	ip link set nd-pub up
	link_public nd-relay 1
	link_public nd-ra 2
	link_public nd-rb 3
	private_lan nd-ra nd-ha 1 port-preserving
	private_lan nd-rb nd-hb 2 "$NAT_B"
	start_peer nd-relay relay 7000 8080 --p2p.relay.enabled=true
	start_peer nd-ha alice 7100 8081 --p2p.peers=10.77.0.1:7000 --p2p.relay.peers=10.77.0.1:7000
	start_peer nd-hb bob 7100 8082 --p2p.peers=10.77.0.1:7000 --p2p.relay.peers=10.77.0.1:7000
	echo "relay, alice and bob starting; logs in $LOGS; next: $0 connect"
}

connect() {
	in_ns nd-hb curl -s -X POST -H 'Content-Type: application/json' -d '{"nodeId":"alice"}' \
		http://127.0.0.1:8082/actuator/p2p
	echo
}

status() {
	for entry in nd-relay:8080 nd-ha:8081 nd-hb:8082; do
		echo "== ${entry%%:*}"
		in_ns "${entry%%:*}" curl -s "http://127.0.0.1:${entry##*:}/actuator/p2p" || true
		echo
	done
}

case "${1:-up}" in
	up) up ;;
	connect) connect ;;
	status) status ;;
	down) down ;;
	*) echo "usage: $0 up|connect|status|down"; exit 2 ;;
esac
