/**
 * Flow identity: {@link dev.ftp426.flow.FlowKey} (canonical bidirectional 5-tuple plus VLAN ids and its symmetric
 * hash), {@link dev.ftp426.flow.FlowTable} (open addressing over primitive arrays, dense reusable ids, one recency
 * list per timeout class for O(1) expiry and eviction) and {@link dev.ftp426.flow.CommunityId} (v1, for pivoting
 * to Zeek and Suricata). Nothing here knows TCP semantics; {@code dev.ftp426.tcp} builds on it.
 */
package dev.ftp426.flow;
