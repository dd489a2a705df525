"""A peerpy seeker and a pnet advert listener, standard library only, as the Python code does them.

Usage: compat_lan_peer.py <own ip> <pnet network id> <pnet advertise port>
Prints one line 'ADVERT <line>' (the first pnet advert of the network) and 'PONG <header>' per
PONG that answers peerpy's get_local_peers() PING (wire facts A.5, B.3).
"""
import socket
import sys
import time

own_ip, network_id, advertise_port = sys.argv[1], sys.argv[2], int(sys.argv[3])

# pnet's advert listener: SO_REUSEADDR, bound ("", advertise_port), recvfrom(1024), lines ending in \n
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as adverts:
    adverts.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    adverts.bind(("", advertise_port))
    adverts.settimeout(20)
    found = None
    end = time.time() + 20
    while found is None and time.time() < end:
        data, _ = adverts.recvfrom(1024)
        for line in data.decode("utf-8").split("\n"):
            if line.startswith(network_id + "|adv|"):
                found = line
    print("ADVERT " + str(found), flush=True)

# peerpy's get_local_peers(): SO_REUSEADDR + SO_BROADCAST, bound (ip, 1024), PING to <broadcast>:1024
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as seeker:
    seeker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    seeker.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    seeker.settimeout(.5)
    seeker.bind((own_ip, 1024))
    ping = ("PING|pinger=%s:1024" % own_ip).encode("utf-8")
    seeker.sendto(ping + b"|" * (128 - len(ping)), ("<broadcast>", 1024))
    while True:
        try:
            pong = seeker.recv(128).decode("utf-8")
        except socket.timeout:
            break
        if pong.startswith("PONG"):
            print("PONG " + pong, flush=True)
print("DONE", flush=True)
