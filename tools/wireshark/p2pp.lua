-- p2pp.lua: Wireshark dissector for P2PP (draft-baset-p2psip-p2pp-01) exactly as Peerlink encodes it.
--
-- The layouts follow src/Peerlink.Wire (each object's file has its diagram on top) and the choices
-- in docs/wire-format.md where the draft is ambiguous or silent:
--   * version value 1 in the top 2 bits; first 16 bits = V(2) T(2) A P R response-code(9);
--   * Message Length counts every byte after the 16 fixed bytes (IDs and objects);
--   * Source-ID, then Response-ID in responses, responseACKs and anything with the A flag; 4 bytes
--     for request types 0-2 (Enroll, Authenticate, Bootstrap), else the overlay ID length (a
--     preference, default 20);
--   * TLV objects: type(8) A B reserved(6) length(16); Address-Info = Num(8) then Num candidates;
--     Resource-Object has a 16-bit value length; 17 Certificate, 18 Signature, 25 Resource-List and
--     26 Password and 27 ICE-Credentials are Peerlink's codes.
--
-- Use:   tshark -X lua_script:tools/wireshark/p2pp.lua -r capture.pcap -V
--        (or copy this file to ~/.local/lib/wireshark/plugins/). Ports: UDP and TCP 7080; any UDP
--        port through the heuristic (magic cookie at offset 4). Set the ID length with
--        -o p2pp.id_length:32. Display filters: p2pp, p2pp.request_type == 3, p2pp.malformed.
-- Everything the Peerlink codec rejects as malformed raises the expert info p2pp.malformed (group
-- Malformed, severity Error); the dissector itself never raises a Lua error on bad input.

local p2pp = Proto("p2pp", "Peer-to-Peer Protocol (P2PP)")

local MAGIC = 0x596ABF0D
local FIXED_LENGTH = 16
local SHORT_ID_LENGTH = 4
local MAX_ID_LENGTH = 64
local MAX_OBJECTS = 2048   -- WireOptions.MaxObjects
local MAX_DEPTH = 4        -- WireOptions.MaxDepth
local PT_TCP = 2           -- port_type of pinfo for TCP (epan/address.h)

local band, rshift = bit32.band, bit32.rshift

-------------------------------------------------------------------------------------------------
-- Value strings
-------------------------------------------------------------------------------------------------

local kind_names = { [0] = "request", [1] = "indication", [2] = "response", [3] = "responseACK" }

local request_type_names = {
    [0] = "Enroll", [1] = "Authenticate", [2] = "Bootstrap", [3] = "Join", [4] = "Leave",
    [5] = "KeepAlive", [6] = "LookupPeer", [7] = "ExchangeTable", [8] = "Query", [9] = "Publish",
    [10] = "LookupObject", [11] = "RemoveObject", [12] = "Replicate", [13] = "Transfer",
    [14] = "Tunnel", [15] = "Connect", [16] = "GetDiagnostics",
}
local LAST_REQUEST_TYPE = 16

local response_code_names = {
    [0] = "none", [200] = "Ok", [302] = "Next Hop", [400] = "Bad Request", [404] = "Not Found",
    [405] = "Error Inserting Object", [406] = "Request Rejected", [407] = "Join Request Deferred",
    [410] = "TTL Hops Exceeded", [413] = "Message Too Large", [418] = "Timeout",
    [480] = "Alternative Service",
}

local OBJ = {
    PEER_INFO = 0, PEER_ID = 1, ADDRESS_INFO = 2, UNHASHED_ID = 3, UPTIME = 4, P2P_OPTIONS = 5,
    REQUEST_OPTIONS = 6, DIAGNOSTIC_OPTIONS = 7, ROUTING_TABLE = 8, NEIGHBOR_TABLE = 9,
    PLOOKUP = 10, RESOURCE_ID = 11, RLOOKUP = 12, RESOURCE_OBJECT = 13, EXPIRES = 14, OWNER = 15,
    CSR = 16, CERTIFICATE = 17, SIGNATURE = 18, TIME_WINDOW = 19, CONNECTIONS = 20,
    UTILIZATION = 21, MESSAGES_RECEIVED = 22, AS_NUMBER = 23, ERROR = 24, RESOURCE_LIST = 25,
    PASSWORD = 26, ICE_CREDENTIALS = 27,
}

local object_type_names = {
    [0] = "Peer-Info", [1] = "Peer-ID", [2] = "Address-Info", [3] = "Unhashed-ID", [4] = "Uptime",
    [5] = "P2P-Options", [6] = "Request-Options", [7] = "Diagnostic-Options",
    [8] = "Routing-Table", [9] = "Neighbor-Table", [10] = "PLookup", [11] = "Resource-ID",
    [12] = "RLookup", [13] = "Resource-Object", [14] = "Expires", [15] = "Owner",
    [16] = "Certificate-Signing-Request", [17] = "Certificate", [18] = "Signature",
    [19] = "Time-Window", [20] = "Connections", [21] = "Node-Resource-Utilization",
    [22] = "Messages-Received", [23] = "AS-Number", [24] = "Error", [25] = "Resource-List",
    [26] = "Password", [27] = "ICE-Credentials",
}

local ab_names = { [0] = "mandatory", [1] = "ignorable", [2] = "reserved (10)", [3] = "reserved (11)" }
local cont_type_names = { [0] = "User-Info", [1] = "STUN", [2] = "TURN", [3] = "STUN+TURN+ICE" }
local hash_names = { [0] = "none", [1] = "SHA-1", [2] = "SHA-256", [3] = "SHA-512", [4] = "MD4", [5] = "MD5" }
local algorithm_names = {
    [0] = "Chord", [1] = "CAN", [2] = "Kademlia", [3] = "Pastry", [4] = "Bamboo", [5] = "Tapestry",
    [6] = "Accordion", [7] = "SkipNet", [8] = "Mercury", [9] = "Gia",
}
local transport_names = { [0] = "UDP", [1] = "TCP" }
local candidate_type_names = { [0] = "host", [1] = "srflx", [2] = "prflx", [3] = "relay" }
local component_names = { [0] = "RTP", [1] = "RTCP", [2] = "SIP/P2PP" }
local certificate_kind_names = { [0] = "self-signed", [1] = "server-signed" }
local error_class_names = { [0] = "General", [1] = "Object Type Error" }

local message_count_type_names = { [254] = "responses", [255] = "ACKs" }
for k, v in pairs(request_type_names) do message_count_type_names[k] = v end

-------------------------------------------------------------------------------------------------
-- Fields
-------------------------------------------------------------------------------------------------

local f = {
    -- common header
    version = ProtoField.uint16("p2pp.version", "Version", base.DEC, nil, 0xC000),
    kind = ProtoField.uint16("p2pp.kind", "Message kind (T)", base.DEC, kind_names, 0x3000),
    ack = ProtoField.bool("p2pp.ack", "ACK (A)", 16, nil, 0x0800),
    peer = ProtoField.bool("p2pp.peer", "Sent by a peer (P)", 16, { "peer", "client" }, 0x0400),
    recursive = ProtoField.bool("p2pp.recursive", "Recursive routing (R)", 16, { "recursive", "iterative" }, 0x0200),
    response_code = ProtoField.uint16("p2pp.response_code", "Response code", base.DEC, response_code_names, 0x01FF),
    request_type = ProtoField.uint8("p2pp.request_type", "Request type", base.DEC, request_type_names),
    ttl = ProtoField.uint8("p2pp.ttl", "TTL", base.DEC),
    magic = ProtoField.uint32("p2pp.magic", "Magic cookie", base.HEX),
    transaction_id = ProtoField.uint32("p2pp.transaction_id", "Transaction-ID", base.HEX),
    length = ProtoField.uint32("p2pp.length", "Message length", base.DEC),
    source_id = ProtoField.bytes("p2pp.source_id", "Source-ID"),
    response_id = ProtoField.bytes("p2pp.response_id", "Response-ID"),

    -- TLV object header
    object = ProtoField.none("p2pp.object", "Object"),
    object_type = ProtoField.uint8("p2pp.object.type", "Object type", base.DEC, object_type_names),
    object_ab = ProtoField.uint8("p2pp.object.ab", "A/B (handling of unknown types)", base.DEC, ab_names, 0xC0),
    object_reserved = ProtoField.uint8("p2pp.object.reserved", "Reserved", base.HEX, nil, 0x3F),
    object_length = ProtoField.uint16("p2pp.object.length", "Object length", base.DEC),
    object_data = ProtoField.bytes("p2pp.object.data", "Undecoded value"),

    -- identifiers and simple values
    peer_id = ProtoField.bytes("p2pp.peer_id", "Peer-ID"),
    resource_id = ProtoField.bytes("p2pp.resource_id", "Resource-ID"),
    unhashed_id = ProtoField.bytes("p2pp.unhashed_id", "Unhashed-ID"),
    uptime = ProtoField.uint32("p2pp.uptime", "Uptime (s)", base.DEC),
    expires = ProtoField.uint32("p2pp.expires", "Expires (s)", base.DEC),
    owner = ProtoField.bytes("p2pp.owner", "Owner"),
    csr = ProtoField.bytes("p2pp.csr", "Certificate-Signing-Request (PKCS#10 DER)"),
    signature = ProtoField.bytes("p2pp.signature", "Signature"),
    password = ProtoField.bytes("p2pp.password", "Password hash"),
    time_window = ProtoField.uint32("p2pp.time_window", "Time-Window (s)", base.DEC),
    as_number = ProtoField.uint32("p2pp.as_number", "AS-Number", base.DEC),

    -- Address-Info
    candidate_count = ProtoField.uint8("p2pp.candidate.count", "Number of candidates", base.DEC),
    candidate = ProtoField.none("p2pp.candidate", "Candidate"),
    candidate_related_present = ProtoField.bool("p2pp.candidate.related_present", "Related address present (R)", 8, nil, 0x80),
    candidate_reserved = ProtoField.uint8("p2pp.candidate.reserved", "Reserved", base.HEX, nil, 0x70),
    candidate_ip_version = ProtoField.uint8("p2pp.candidate.ip_version", "IP version", base.DEC, nil, 0x0F),
    candidate_foundation = ProtoField.uint8("p2pp.candidate.foundation", "Foundation", base.DEC),
    candidate_component = ProtoField.uint8("p2pp.candidate.component", "Component-ID", base.DEC, component_names),
    candidate_priority = ProtoField.uint32("p2pp.candidate.priority", "Priority", base.DEC),
    candidate_transport = ProtoField.uint8("p2pp.candidate.transport", "Transport (TT)", base.DEC, transport_names, 0xF0),
    candidate_type = ProtoField.uint8("p2pp.candidate.type", "Candidate type (HT)", base.DEC, candidate_type_names, 0x0F),
    candidate_port = ProtoField.uint16("p2pp.candidate.port", "Port", base.DEC),
    candidate_address = ProtoField.ipv4("p2pp.candidate.address", "Address"),
    candidate_address6 = ProtoField.ipv6("p2pp.candidate.address", "Address"),
    candidate_related_port = ProtoField.uint16("p2pp.candidate.related_port", "Related port", base.DEC),
    candidate_related_address = ProtoField.ipv4("p2pp.candidate.related_address", "Related address"),
    candidate_related_address6 = ProtoField.ipv6("p2pp.candidate.related_address", "Related address"),

    -- P2P-Options
    hash_algorithm = ProtoField.uint8("p2pp.p2p_options.hash_algorithm", "Hash algorithm", base.DEC, hash_names),
    hash_length = ProtoField.uint8("p2pp.p2p_options.hash_length", "Hash length (bytes)", base.DEC),
    algorithm = ProtoField.uint8("p2pp.p2p_options.algorithm", "P2P algorithm", base.DEC, algorithm_names),
    base_bits = ProtoField.uint8("p2pp.p2p_options.base", "Base (log2)", base.DEC),
    overlay_id_length = ProtoField.uint8("p2pp.p2p_options.overlay_id_length", "Overlay-ID length", base.DEC),
    overlay_id = ProtoField.bytes("p2pp.p2p_options.overlay_id", "Overlay-ID"),

    -- Request-Options
    request_options = ProtoField.uint32("p2pp.request_options", "Request-Options", base.HEX),
    ro_primary = ProtoField.bool("p2pp.request_options.primary", "Primary copy (P)", 32, nil, 0x80000000),
    ro_routing = ProtoField.bool("p2pp.request_options.routing_table", "Send routing table (R)", 32, nil, 0x40000000),
    ro_neighbor = ProtoField.bool("p2pp.request_options.neighbor_table", "Send neighbor table (N)", 32, nil, 0x20000000),
    ro_separate = ProtoField.bool("p2pp.request_options.separate_request", "Tables in a separate ExchangeTable (E)", 32, nil, 0x10000000),
    ro_partial = ProtoField.bool("p2pp.request_options.partial_copy", "Partial copy (A)", 32, nil, 0x08000000),
    ro_neighbors = ProtoField.bool("p2pp.request_options.to_neighbors", "Join to the neighbors (S)", 32, nil, 0x04000000),
    ro_route_log = ProtoField.bool("p2pp.request_options.route_log", "Route log (L)", 32, nil, 0x02000000),
    ro_reserved = ProtoField.uint32("p2pp.request_options.reserved", "Reserved", base.HEX, nil, 0x01FFFFFF),

    diagnostic_type = ProtoField.uint8("p2pp.diagnostic_options.type", "Requested diagnostic", base.DEC, object_type_names),
    table_count = ProtoField.uint8("p2pp.table.count", "Number of entries", base.DEC),

    -- PLookup
    plookup_num = ProtoField.uint8("p2pp.plookup.num", "Num (most peers returned)", base.DEC, nil, 0xFC),
    plookup_exact = ProtoField.bool("p2pp.plookup.exact", "Exact (E)", 8, nil, 0x02),
    plookup_range = ProtoField.bool("p2pp.plookup.range", "Range (R)", 8, nil, 0x01),
    plookup_target = ProtoField.bytes("p2pp.plookup.target", "Peer-IDa"),
    plookup_range_end = ProtoField.bytes("p2pp.plookup.range_end", "Peer-IDb"),

    -- RLookup / Resource-Object
    cont_type = ProtoField.uint8("p2pp.cont_type", "Cont-Type", base.DEC, cont_type_names),
    sub_type = ProtoField.uint8("p2pp.sub_type", "Sub-Type", base.DEC),
    value_length = ProtoField.uint16("p2pp.value_length", "Value length", base.DEC),
    value = ProtoField.bytes("p2pp.value", "Value"),

    -- Certificate
    certificate_kind = ProtoField.uint8("p2pp.certificate.kind", "Certificate sub-type", base.DEC, certificate_kind_names),
    certificate_der = ProtoField.bytes("p2pp.certificate.der", "X.509 certificate (DER)"),

    -- diagnostics
    connections_neighbors = ProtoField.uint16("p2pp.connections.neighbors", "Neighbor peers", base.DEC),
    connections_routing = ProtoField.uint16("p2pp.connections.routing", "Routing peers", base.DEC),
    connections_clients = ProtoField.uint16("p2pp.connections.clients", "Clients", base.DEC),
    utilization_bandwidth = ProtoField.uint32("p2pp.utilization.bandwidth", "Bandwidth (kbit/s)", base.DEC),
    utilization_cpu = ProtoField.uint8("p2pp.utilization.cpu", "CPU utilization (%)", base.DEC),
    utilization_bw = ProtoField.uint8("p2pp.utilization.bandwidth_percent", "Bandwidth utilization (%)", base.DEC),
    messages_type = ProtoField.uint8("p2pp.messages_received.type", "Message type", base.DEC, message_count_type_names),
    messages_count = ProtoField.uint24("p2pp.messages_received.count", "Messages", base.DEC),

    -- Error
    error_class = ProtoField.uint8("p2pp.error.class", "Error class", base.DEC, error_class_names),
    error_sub_code = ProtoField.uint8("p2pp.error.sub_code", "Sub-code", base.DEC),
    error_object_type = ProtoField.uint8("p2pp.error.object_type", "Object type at fault", base.DEC, object_type_names),
    error_reserved = ProtoField.uint8("p2pp.error.reserved", "Reserved", base.HEX),
    error_reason = ProtoField.string("p2pp.error.reason", "Reason", base.UNICODE),

    -- ICE-Credentials
    ice_ufrag = ProtoField.string("p2pp.ice.ufrag", "ice-ufrag", base.UNICODE),
    ice_pwd = ProtoField.string("p2pp.ice.pwd", "ice-pwd", base.UNICODE),
    -- Resource-List
    resource_list_count = ProtoField.uint8("p2pp.resource_list.count", "Number of services", base.DEC),
    resource_list_type = ProtoField.uint8("p2pp.resource_list.type", "Service", base.DEC, cont_type_names),
}

local field_list = {}
for _, field in pairs(f) do field_list[#field_list + 1] = field end
p2pp.fields = field_list

local e = {
    malformed = ProtoExpert.new("p2pp.malformed", "Malformed P2PP message",
        expert.group.MALFORMED, expert.severity.ERROR),
    short = ProtoExpert.new("p2pp.short", "P2PP message cut short by the capture (snaplen)",
        expert.group.UNDECODED, expert.severity.WARN),
    unknown_request_type = ProtoExpert.new("p2pp.unknown_request_type", "Unassigned request type",
        expert.group.PROTOCOL, expert.severity.WARN),
    unrecognized_object = ProtoExpert.new("p2pp.unrecognized_object", "Mandatory object of unknown type (Unrecognized Object)",
        expert.group.PROTOCOL, expert.severity.WARN),
    ignorable_object = ProtoExpert.new("p2pp.ignorable_object", "Ignorable object of unknown type",
        expert.group.UNDECODED, expert.severity.NOTE),
    dissector_error = ProtoExpert.new("p2pp.dissector_error", "P2PP dissector failed on this message",
        expert.group.MALFORMED, expert.severity.ERROR),
}
p2pp.experts = { e.malformed, e.short, e.unknown_request_type, e.unrecognized_object, e.ignorable_object, e.dissector_error }

p2pp.prefs.id_length = Pref.uint("Overlay ID length (bytes)", 20,
    "Width of Source-ID and Response-ID for request types other than Enroll, Authenticate and "
    .. "Bootstrap (those always use 4 bytes): the overlay's hash length, 1 to 64")
p2pp.prefs.max_length = Pref.uint("Largest Message Length", 68 * 1024,
    "Message Length values above this are flagged as malformed and not reassembled over TCP "
    .. "(Peerlink's WireOptions.MaxBodyLength)")

-------------------------------------------------------------------------------------------------
-- Helpers
-------------------------------------------------------------------------------------------------

-- Per-message state: counts objects and remembers whether anything was flagged.
local function new_state()
    return { objects = 0, malformed = false }
end

local function flag(st, item, tvb, pos, len, text)
    st.malformed = true
    if len and len > 0 then
        item:add_tvb_expert_info(e.malformed, tvb(pos, len), text)
    else
        item:add_proto_expert_info(e.malformed, text)
    end
end

-- True when [pos, stop) holds n bytes; otherwise flags the shortfall.
local function need(st, item, tvb, pos, stop, n, what)
    if stop - pos >= n then return true end
    flag(st, item, tvb, pos, stop - pos,
        string.format("%s needs %d byte(s), %d left", what, n, math.max(stop - pos, 0)))
    return false
end

local function hex(tvb, pos, len)
    if len <= 0 then return "" end
    return string.lower(tvb(pos, len):bytes():tohex())
end

local function short_hex(tvb, pos, len)
    if len > 8 then return hex(tvb, pos, 8) .. "…" end
    return hex(tvb, pos, len)
end

-- The bytes as text when they are printable ASCII, else nil.
local function printable(tvb, pos, len)
    if len <= 0 or len > 200 then return nil end
    local s = tvb(pos, len):raw()
    if s:find("[^\32-\126]") then return nil end
    return s
end

local function is_utf8(s)
    local i, n = 1, #s
    while i <= n do
        local c = s:byte(i)
        local extra, min
        if c < 0x80 then extra, min = 0, 0
        elseif c >= 0xC2 and c <= 0xDF then extra, min = 1, 0x80
        elseif c >= 0xE0 and c <= 0xEF then extra, min = 2, 0x800
        elseif c >= 0xF0 and c <= 0xF4 then extra, min = 3, 0x10000
        else return false end
        if i + extra > n then return false end
        local cp = extra == 0 and c or band(c, rshift(0x7F, extra + 1))
        for k = 1, extra do
            local cc = s:byte(i + k)
            if band(cc, 0xC0) ~= 0x80 then return false end
            cp = cp * 64 + band(cc, 0x3F)
        end
        if cp < min or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF) then return false end
        i = i + extra + 1
    end
    return true
end

local function ipv6_text(tvb, pos)
    local groups = {}
    for i = 0, 7 do groups[#groups + 1] = string.format("%x", tvb(pos + 2 * i, 2):uint()) end
    local s = table.concat(groups, ":")
    -- compress the first longest run of zero groups
    local best_start, best_len, run_start, run_len = nil, 1, nil, 0
    for i = 1, 8 do
        if groups[i] == "0" then
            if not run_start then run_start, run_len = i, 0 end
            run_len = run_len + 1
            if run_len > best_len then best_start, best_len = run_start, run_len end
        else
            run_start = nil
        end
    end
    if best_start then
        local head = table.concat(groups, ":", 1, best_start - 1)
        local tail = table.concat(groups, ":", best_start + best_len, 8)
        s = head .. "::" .. tail
    end
    return "[" .. s .. "]"
end

-------------------------------------------------------------------------------------------------
-- Objects
-------------------------------------------------------------------------------------------------

-- Handlers dissect one object's value in [pos, stop). Each returns the position it reached (the
-- caller flags bytes left over) and optionally a summary for the object's tree line. A handler
-- that flagged a fault it cannot step over returns stop.
local handlers = {}

-- Reads one TLV object at pos, bounded by stop. Returns its type (nil when even the header is
-- unusable), the position after it, and the handler's summary.
local function read_object(tvb, pinfo, tree, pos, stop, depth, st)
    if stop - pos < 4 then
        flag(st, tree, tvb, pos, stop - pos,
            string.format("an object header is 4 bytes, %d left", stop - pos))
        return nil, stop
    end

    local otype = tvb(pos, 1):uint()
    local ab = rshift(tvb(pos + 1, 1):uint(), 6)
    local length = tvb(pos + 2, 2):uint()
    local avail = stop - pos - 4
    local shown = math.min(length, avail)
    local name = object_type_names[otype] or string.format("Unknown object type %d", otype)

    local item = tree:add(f.object, tvb(pos, 4 + shown))
    item:set_text(name)
    item:add(f.object_type, tvb(pos, 1))
    item:add(f.object_ab, tvb(pos + 1, 1))
    item:add(f.object_reserved, tvb(pos + 1, 1))
    item:add(f.object_length, tvb(pos + 2, 2))

    st.objects = st.objects + 1
    if st.objects > MAX_OBJECTS then
        flag(st, item, tvb, pos, 4, string.format("more than %d objects in one message", MAX_OBJECTS))
        return nil, stop
    end

    if ab >= 2 then
        flag(st, item, tvb, pos + 1, 1,
            string.format("object type %d has reserved A/B bits %s", otype, ab == 2 and "10" or "11"))
    end

    if length > avail then
        flag(st, item, tvb, pos + 2, 2,
            string.format("%s declares %d byte(s), %d left", name, length, avail))
        if shown > 0 then item:add(f.object_data, tvb(pos + 4, shown)) end
        return nil, stop
    end

    local vpos, vstop = pos + 4, pos + 4 + length
    local handler = handlers[otype]
    if not handler then
        if ab == 0 then
            item:add_tvb_expert_info(e.unrecognized_object, tvb(pos, 1),
                string.format("mandatory object of unknown type %d (Unrecognized Object)", otype))
        elseif ab == 1 then
            item:add_tvb_expert_info(e.ignorable_object, tvb(pos, 1),
                string.format("ignorable object of unknown type %d", otype))
        end
        if length > 0 then item:add(f.object_data, tvb(vpos, length)) end
        return otype, vstop
    end

    if depth > MAX_DEPTH then
        flag(st, item, tvb, pos, 4 + length, string.format("objects nested deeper than %d", MAX_DEPTH))
        if length > 0 then item:add(f.object_data, tvb(vpos, length)) end
        return otype, vstop
    end

    local reached, summary = handler(tvb, pinfo, item, vpos, vstop, depth, st)
    if reached < vstop then
        flag(st, item, tvb, reached, vstop - reached,
            string.format("%d unexpected byte(s) after %s", vstop - reached, name))
    end
    if summary and summary ~= "" then item:append_text(": " .. summary) end
    return otype, vstop, summary
end

-- Reads the sub-objects of a container until stop. check(type, at) may flag a child that does not
-- belong; children are returned as a list of { type, summary }.
local function read_children(tvb, pinfo, item, pos, stop, depth, st, check)
    local children = {}
    while pos < stop do
        local at = pos
        local otype, next_pos, summary = read_object(tvb, pinfo, item, pos, stop, depth + 1, st)
        if otype == nil then return children, stop end
        if check then check(otype, at, next_pos - at) end
        children[#children + 1] = { type = otype, summary = summary }
        pos = next_pos
    end
    return children, pos
end

-- A handler for a value that is one identifier of 1 to 64 bytes.
local function id_handler(field, what)
    return function(tvb, pinfo, item, pos, stop, depth, st)
        local len = stop - pos
        if len < 1 or len > MAX_ID_LENGTH then
            flag(st, item, tvb, pos, len,
                string.format("%s of %d bytes; IDs are 1 to %d", what, len, MAX_ID_LENGTH))
            return stop
        end
        item:add(field, tvb(pos, len))
        return stop, hex(tvb, pos, len)
    end
end

-- A handler for opaque bytes filling the value.
local function bytes_handler(field, as_text)
    return function(tvb, pinfo, item, pos, stop)
        local len = stop - pos
        if len > 0 then
            local ti = item:add(field, tvb(pos, len))
            local text = as_text and printable(tvb, pos, len)
            if text then ti:append_text(' ("' .. text .. '")') end
            return stop, text and ('"' .. text .. '"') or (len .. " bytes")
        end
        return stop, "empty"
    end
end

-- A handler for one 32-bit number.
local function uint32_handler(field, what, unit)
    return function(tvb, pinfo, item, pos, stop, depth, st)
        if not need(st, item, tvb, pos, stop, 4, what) then return stop end
        item:add(field, tvb(pos, 4))
        return pos + 4, tostring(tvb(pos, 4):uint()) .. (unit or "")
    end
end

handlers[OBJ.PEER_ID] = id_handler(f.peer_id, "Peer-ID")
handlers[OBJ.RESOURCE_ID] = id_handler(f.resource_id, "Resource-ID")
handlers[OBJ.UNHASHED_ID] = bytes_handler(f.unhashed_id, true)
handlers[OBJ.OWNER] = bytes_handler(f.owner, true)
handlers[OBJ.CSR] = bytes_handler(f.csr, false)
handlers[OBJ.SIGNATURE] = bytes_handler(f.signature, false)
handlers[OBJ.PASSWORD] = bytes_handler(f.password, false)
handlers[OBJ.UPTIME] = uint32_handler(f.uptime, "Uptime", " s")
handlers[OBJ.EXPIRES] = uint32_handler(f.expires, "Expires", " s")
handlers[OBJ.TIME_WINDOW] = uint32_handler(f.time_window, "Time-Window", " s")
handlers[OBJ.AS_NUMBER] = uint32_handler(f.as_number, "AS-Number", nil)

-- Peer-Info (§9.3.1): a container of at most one of each of these.
local peer_info_parts = {
    [OBJ.PEER_ID] = true, [OBJ.ADDRESS_INFO] = true, [OBJ.UNHASHED_ID] = true, [OBJ.UPTIME] = true,
    [OBJ.EXPIRES] = true, [OBJ.CERTIFICATE] = true, [OBJ.CONNECTIONS] = true,
    [OBJ.UTILIZATION] = true, [OBJ.RESOURCE_LIST] = true,
}

handlers[OBJ.PEER_INFO] = function(tvb, pinfo, item, pos, stop, depth, st)
    local seen = {}
    local children, reached = read_children(tvb, pinfo, item, pos, stop, depth, st, function(otype, at, len)
        if not handlers[otype] then return end -- unknown: flagged by read_object if mandatory
        if not peer_info_parts[otype] then
            flag(st, item, tvb, at, len, string.format("%s is not allowed inside a Peer-Info", object_type_names[otype]))
        elseif seen[otype] then
            flag(st, item, tvb, at, len, string.format("Peer-Info holds two %s objects", object_type_names[otype]))
        end
        seen[otype] = true
    end)
    if reached < stop then return stop end
    if not seen[OBJ.PEER_ID] and not seen[OBJ.ADDRESS_INFO] then
        flag(st, item, tvb, pos, stop - pos, "Peer-Info has neither Peer-ID nor Address-Info (§9.3.1)")
    end
    local parts = {}
    for _, c in ipairs(children) do
        if (c.type == OBJ.PEER_ID or c.type == OBJ.ADDRESS_INFO) and c.summary then parts[#parts + 1] = c.summary end
    end
    return stop, table.concat(parts, ", ")
end

-- Address-Info (§9.3.1 and AddressInfo.cs): Num(8), then Num candidates.
handlers[OBJ.ADDRESS_INFO] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 1, "Address-Info") then return stop end
    local count = tvb(pos, 1):uint()
    item:add(f.candidate_count, tvb(pos, 1))
    if count == 0 then
        flag(st, item, tvb, pos, 1, "Address-Info with no candidates")
        return stop
    end
    pos = pos + 1
    local first
    for i = 0, count - 1 do
        if not need(st, item, tvb, pos, stop, 10, string.format("candidate %d", i)) then return stop end
        local b0 = tvb(pos, 1):uint()
        local related = band(b0, 0x80) ~= 0
        local version = band(b0, 0x0F)
        local alen = (version == 4 and 4) or (version == 6 and 16) or nil
        local clen = alen and (10 + alen + (related and 2 + alen or 0)) or 1
        local ct = item:add(f.candidate, tvb(pos, math.min(clen, stop - pos)))
        ct:set_text(string.format("Candidate %d", i))
        ct:add(f.candidate_related_present, tvb(pos, 1))
        ct:add(f.candidate_reserved, tvb(pos, 1))
        ct:add(f.candidate_ip_version, tvb(pos, 1))
        if not alen then
            flag(st, ct, tvb, pos, 1, string.format("candidate %d: IP version %d, expected 4 or 6", i, version))
            return stop
        end
        if not need(st, ct, tvb, pos, stop, clen, string.format("candidate %d", i)) then return stop end
        ct:add(f.candidate_foundation, tvb(pos + 1, 1))
        ct:add(f.candidate_component, tvb(pos + 2, 1))
        ct:add(f.candidate_priority, tvb(pos + 3, 4))
        local types = tvb(pos + 7, 1):uint()
        ct:add(f.candidate_transport, tvb(pos + 7, 1))
        ct:add(f.candidate_type, tvb(pos + 7, 1))
        local transport, ctype = rshift(types, 4), band(types, 0x0F)
        if transport > 1 then
            flag(st, ct, tvb, pos + 7, 1, string.format("candidate %d: transport type %d (0 UDP, 1 TCP)", i, transport))
        end
        if ctype > 3 then
            flag(st, ct, tvb, pos + 7, 1, string.format("candidate %d: address type %d (0 host .. 3 relayed)", i, ctype))
        end
        local port = tvb(pos + 8, 2):uint()
        ct:add(f.candidate_port, tvb(pos + 8, 2))
        local addr
        if alen == 4 then
            ct:add(f.candidate_address, tvb(pos + 10, 4))
            addr = tostring(tvb(pos + 10, 4):ipv4())
        else
            ct:add(f.candidate_address6, tvb(pos + 10, 16))
            addr = ipv6_text(tvb, pos + 10)
        end
        local text = string.format("%s:%d %s/%s", addr, port,
            transport_names[transport] or tostring(transport), candidate_type_names[ctype] or tostring(ctype))
        if related then
            local rpos = pos + 10 + alen
            ct:add(f.candidate_related_port, tvb(rpos, 2))
            local raddr
            if alen == 4 then
                ct:add(f.candidate_related_address, tvb(rpos + 2, 4))
                raddr = tostring(tvb(rpos + 2, 4):ipv4())
            else
                ct:add(f.candidate_related_address6, tvb(rpos + 2, 16))
                raddr = ipv6_text(tvb, rpos + 2)
            end
            text = text .. string.format(" (related %s:%d)", raddr, tvb(rpos, 2):uint())
        end
        ct:append_text(": " .. text)
        first = first or string.format("%s:%d", addr, port)
        pos = pos + clen
    end
    if count > 1 then first = first .. string.format(" (+%d)", count - 1) end
    return pos, first
end

-- P2P-Options (§9.3.4).
handlers[OBJ.P2P_OPTIONS] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 5, "P2P-Options") then return stop end
    local hash, hash_len, algorithm, b, id_len =
        tvb(pos, 1):uint(), tvb(pos + 1, 1):uint(), tvb(pos + 2, 1):uint(), tvb(pos + 3, 1):uint(), tvb(pos + 4, 1):uint()
    item:add(f.hash_algorithm, tvb(pos, 1))
    item:add(f.hash_length, tvb(pos + 1, 1))
    item:add(f.algorithm, tvb(pos + 2, 1))
    item:add(f.base_bits, tvb(pos + 3, 1))
    item:add(f.overlay_id_length, tvb(pos + 4, 1))
    if not hash_names[hash] then flag(st, item, tvb, pos, 1, string.format("unknown hash algorithm code %d", hash)) end
    if not algorithm_names[algorithm] then
        flag(st, item, tvb, pos + 2, 1, string.format("unknown P2P algorithm code %d", algorithm))
    end
    pos = pos + 5
    if stop - pos ~= id_len then
        flag(st, item, tvb, pos - 1, 1, string.format("OverlayID-Len says %d, %d byte(s) remain", id_len, stop - pos))
        if stop > pos then item:add(f.overlay_id, tvb(pos, stop - pos)) end
        return stop
    end
    local overlay = ""
    if id_len > 0 then
        local ti = item:add(f.overlay_id, tvb(pos, id_len))
        local text = printable(tvb, pos, id_len)
        if text then ti:append_text(' ("' .. text .. '")') end
        overlay = ", overlay " .. (text and ('"' .. text .. '"') or hex(tvb, pos, id_len))
    end
    return stop, string.format("%s/%d bytes, %s, base %d%s", hash_names[hash] or tostring(hash), hash_len,
        algorithm_names[algorithm] or tostring(algorithm), b, overlay)
end

-- Request-Options (§9.3.3): one 32-bit word of flags.
handlers[OBJ.REQUEST_OPTIONS] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 4, "Request-Options") then return stop end
    local r = tvb(pos, 4)
    local ti = item:add(f.request_options, r)
    for _, field in ipairs({ f.ro_primary, f.ro_routing, f.ro_neighbor, f.ro_separate, f.ro_partial,
        f.ro_neighbors, f.ro_route_log, f.ro_reserved }) do
        ti:add(field, r)
    end
    local names, flags = {}, r:uint()
    for i, letter in ipairs({ "P", "R", "N", "E", "A", "S", "L" }) do
        if band(flags, 2 ^ (32 - i)) ~= 0 then names[#names + 1] = letter end
    end
    return pos + 4, #names > 0 and table.concat(names, ",") or "none"
end

-- Diagnostic-Options (ours): one object type per byte.
handlers[OBJ.DIAGNOSTIC_OPTIONS] = function(tvb, pinfo, item, pos, stop)
    for p = pos, stop - 1 do item:add(f.diagnostic_type, tvb(p, 1)) end
    return stop, string.format("%d type(s)", stop - pos)
end

-- Routing-Table (§9.3.5) and Neighbor-Table (§9.3.6): Num entries, then Peer-Infos.
local function table_handler(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 1, "table") then return stop end
    local count = tvb(pos, 1):uint()
    item:add(f.table_count, tvb(pos, 1))
    local children, reached = read_children(tvb, pinfo, item, pos + 1, stop, depth, st, function(otype, at, len)
        if otype ~= OBJ.PEER_INFO then
            flag(st, item, tvb, at, len, "a table holds only Peer-Info objects")
        end
    end)
    if reached < stop then return stop end
    if #children ~= count then
        flag(st, item, tvb, pos, 1, string.format("Num entries says %d, the table holds %d", count, #children))
    end
    return stop, string.format("%d entr%s", #children, #children == 1 and "y" or "ies")
end
handlers[OBJ.ROUTING_TABLE] = table_handler
handlers[OBJ.NEIGHBOR_TABLE] = table_handler

-- PLookup (§9.3.7): Num(6) E R, Peer-IDa [Peer-IDb of the same width when R=1].
handlers[OBJ.PLOOKUP] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 1, "PLookup") then return stop end
    local first = tvb(pos, 1):uint()
    item:add(f.plookup_num, tvb(pos, 1))
    item:add(f.plookup_exact, tvb(pos, 1))
    item:add(f.plookup_range, tvb(pos, 1))
    local exact, range = band(first, 2) ~= 0, band(first, 1) ~= 0
    if exact and range then
        flag(st, item, tvb, pos, 1, "PLookup sets both E and R (R only when E is not set)")
    end
    pos = pos + 1
    local id_bytes = stop - pos
    if range and id_bytes % 2 ~= 0 then
        flag(st, item, tvb, pos, id_bytes,
            string.format("range PLookup with %d ID bytes cannot hold two IDs of one width", id_bytes))
        return stop
    end
    local width = range and id_bytes / 2 or id_bytes
    if width < 1 or width > MAX_ID_LENGTH then
        flag(st, item, tvb, pos, id_bytes,
            string.format("PLookup ID of %d bytes; IDs are 1 to %d", width, MAX_ID_LENGTH))
        return stop
    end
    item:add(f.plookup_target, tvb(pos, width))
    local mode = exact and "exact" or (range and "range" or "closest")
    local summary = string.format("%s, num %d, %s", mode, rshift(first, 2), short_hex(tvb, pos, width))
    if range then
        item:add(f.plookup_range_end, tvb(pos + width, width))
        summary = summary .. " .. " .. short_hex(tvb, pos + width, width)
    end
    return stop, summary
end

-- Cont-Type, Sub-Type and the nested Resource-ID TLV that RLookup and Resource-Object start with.
-- Returns the position after them, or nil after flagging.
local function read_resource_key(tvb, pinfo, item, pos, stop, depth, st, what)
    if not need(st, item, tvb, pos, stop, 2, what) then return nil end
    item:add(f.cont_type, tvb(pos, 1))
    item:add(f.sub_type, tvb(pos + 1, 1))
    local at = pos + 2
    if at >= stop then
        flag(st, item, tvb, pos, stop - pos, "expected a Resource-ID object")
        return nil
    end
    local otype, next_pos = read_object(tvb, pinfo, item, at, stop, depth + 1, st)
    if otype == nil then return nil end
    if otype ~= OBJ.RESOURCE_ID then
        flag(st, item, tvb, at, next_pos - at, "expected a Resource-ID object")
    end
    return next_pos
end

local function key_summary(tvb, pos)
    local ct = tvb(pos, 1):uint()
    return string.format("%s/%d", cont_type_names[ct] or tostring(ct), tvb(pos + 1, 1):uint())
end

-- RLookup (§9.3.9): Cont-Type, Sub-Type, Resource-ID TLV [, Owner TLV].
handlers[OBJ.RLOOKUP] = function(tvb, pinfo, item, pos, stop, depth, st)
    local reached = read_resource_key(tvb, pinfo, item, pos, stop, depth, st, "RLookup")
    if not reached then return stop end
    if reached < stop then
        local at = reached
        local otype, next_pos = read_object(tvb, pinfo, item, at, stop, depth + 1, st)
        if otype == nil then return stop end
        if otype ~= OBJ.OWNER then
            flag(st, item, tvb, at, next_pos - at, "RLookup may only add an Owner after its Resource-ID")
        end
        reached = next_pos
    end
    return reached, key_summary(tvb, pos)
end

-- Resource-Object (§9.3.10): Cont-Type, Sub-Type, Resource-ID TLV, Value Length(16), value, then
-- at most one each of Owner, Expires, Signature, Certificate (and ignorable unknown objects).
local resource_object_parts = {
    [OBJ.OWNER] = true, [OBJ.EXPIRES] = true, [OBJ.SIGNATURE] = true, [OBJ.CERTIFICATE] = true,
}

handlers[OBJ.RESOURCE_OBJECT] = function(tvb, pinfo, item, pos, stop, depth, st)
    local reached = read_resource_key(tvb, pinfo, item, pos, stop, depth, st, "Resource-Object")
    if not reached then return stop end
    if not need(st, item, tvb, reached, stop, 2, "Resource-Object value length") then return stop end
    local vlen = tvb(reached, 2):uint()
    item:add(f.value_length, tvb(reached, 2))
    reached = reached + 2
    if stop - reached < vlen then
        flag(st, item, tvb, reached - 2, 2,
            string.format("resource value of %d byte(s), %d left", vlen, stop - reached))
        if stop > reached then item:add(f.value, tvb(reached, stop - reached)) end
        return stop
    end
    if vlen > 0 then
        local ti = item:add(f.value, tvb(reached, vlen))
        local text = printable(tvb, reached, vlen)
        if text then ti:append_text(' ("' .. text .. '")') end
    end
    reached = reached + vlen
    local seen = {}
    local _, after = read_children(tvb, pinfo, item, reached, stop, depth, st, function(otype, at, len)
        if not handlers[otype] then return end
        if not resource_object_parts[otype] then
            flag(st, item, tvb, at, len, string.format("%s is not allowed inside a Resource-Object", object_type_names[otype]))
        elseif seen[otype] then
            flag(st, item, tvb, at, len, string.format("Resource-Object holds two %s objects", object_type_names[otype]))
        end
        seen[otype] = true
    end)
    return after, string.format("%s, %d-byte value", key_summary(tvb, pos), vlen)
end

-- Certificate (17, ours): sub-type, DER.
handlers[OBJ.CERTIFICATE] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 1, "Certificate") then return stop end
    local kind = tvb(pos, 1):uint()
    item:add(f.certificate_kind, tvb(pos, 1))
    if kind > 1 then
        flag(st, item, tvb, pos, 1, string.format("certificate sub-type %d (0 self-signed, 1 server-signed)", kind))
    end
    if stop - pos > 1 then item:add(f.certificate_der, tvb(pos + 1, stop - pos - 1)) end
    return stop, string.format("%s, %d bytes", certificate_kind_names[kind] or tostring(kind), stop - pos - 1)
end

-- Connections (§9.3.15): three 16-bit counts.
handlers[OBJ.CONNECTIONS] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 6, "Connections") then return stop end
    item:add(f.connections_neighbors, tvb(pos, 2))
    item:add(f.connections_routing, tvb(pos + 2, 2))
    item:add(f.connections_clients, tvb(pos + 4, 2))
    return pos + 6, string.format("%d neighbors, %d routing peers, %d clients",
        tvb(pos, 2):uint(), tvb(pos + 2, 2):uint(), tvb(pos + 4, 2):uint())
end

-- Node-Resource-Utilization (§9.3.15): bandwidth(32), CPU %(8), bandwidth %(8).
handlers[OBJ.UTILIZATION] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 6, "Node-Resource-Utilization") then return stop end
    item:add(f.utilization_bandwidth, tvb(pos, 4))
    item:add(f.utilization_cpu, tvb(pos + 4, 1))
    item:add(f.utilization_bw, tvb(pos + 5, 1))
    local cpu, bw = tvb(pos + 4, 1):uint(), tvb(pos + 5, 1):uint()
    if cpu > 100 or bw > 100 then
        flag(st, item, tvb, pos + 4, 2, string.format("utilization over 100%% (CPU %d, bandwidth %d)", cpu, bw))
    end
    return pos + 6, string.format("%d kbit/s, CPU %d%%, bandwidth %d%%", tvb(pos, 4):uint(), cpu, bw)
end

-- Messages-Received (§9.3.15): {type(8), count(24)}*.
handlers[OBJ.MESSAGES_RECEIVED] = function(tvb, pinfo, item, pos, stop, depth, st)
    local len = stop - pos
    if len % 4 ~= 0 then
        flag(st, item, tvb, pos, len,
            string.format("Messages-Received of %d bytes is not a whole number of 4-byte entries", len))
        return stop
    end
    for p = pos, stop - 1, 4 do
        item:add(f.messages_type, tvb(p, 1))
        item:add(f.messages_count, tvb(p + 1, 3))
    end
    return stop, string.format("%d entr%s", len / 4, len == 4 and "y" or "ies")
end

-- Error (24, ours): class, sub-code, object type, reserved, UTF-8 reason.
handlers[OBJ.ERROR] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 4, "Error") then return stop end
    item:add(f.error_class, tvb(pos, 1))
    item:add(f.error_sub_code, tvb(pos + 1, 1))
    item:add(f.error_object_type, tvb(pos + 2, 1))
    item:add(f.error_reserved, tvb(pos + 3, 1))
    local summary = string.format("class %d, sub-code %d", tvb(pos, 1):uint(), tvb(pos + 1, 1):uint())
    local rlen = stop - pos - 4
    if rlen > 0 then
        local reason = tvb(pos + 4, rlen)
        if is_utf8(reason:raw()) then
            item:add_packet_field(f.error_reason, reason, ENC_UTF_8)
            summary = summary .. ', "' .. reason:raw() .. '"'
        else
            flag(st, item, tvb, pos + 4, rlen, "Error reason is not UTF-8")
        end
    end
    return stop, summary
end

-- Resource-List (25, ours): Num, then one Cont-Type per service.
handlers[OBJ.RESOURCE_LIST] = function(tvb, pinfo, item, pos, stop, depth, st)
    if not need(st, item, tvb, pos, stop, 1, "Resource-List") then return stop end
    local count = tvb(pos, 1):uint()
    item:add(f.resource_list_count, tvb(pos, 1))
    if stop - pos - 1 ~= count then
        flag(st, item, tvb, pos, 1, string.format("Resource-List Num says %d, %d byte(s) follow", count, stop - pos - 1))
        return stop
    end
    local names = {}
    for p = pos + 1, stop - 1 do
        item:add(f.resource_list_type, tvb(p, 1))
        local ct = tvb(p, 1):uint()
        names[#names + 1] = cont_type_names[ct] or tostring(ct)
    end
    return stop, table.concat(names, ", ")
end

-- ICE-Credentials (27, ours): Ufrag-Len, ice-ufrag (4-255 bytes), Pwd-Len, ice-pwd (22-255 bytes), UTF-8.
handlers[OBJ.ICE_CREDENTIALS] = function(tvb, pinfo, item, pos, stop, depth, st)
    local parts = {}
    for _, part in ipairs({ { f.ice_ufrag, "ice-ufrag", 4 }, { f.ice_pwd, "ice-pwd", 22 } }) do
        if not need(st, item, tvb, pos, stop, 1, "ICE-Credentials") then return stop end
        local len = tvb(pos, 1):uint()
        if len < part[3] or pos + 1 + len > stop then
            flag(st, item, tvb, pos, 1, string.format("%s length %d: %d to 255 bytes, %d left", part[2], len, part[3], stop - pos - 1))
            return stop
        end
        item:add(part[1], tvb(pos + 1, len))
        parts[#parts + 1] = part[2] .. " " .. tvb(pos + 1, len):string()
        pos = pos + 1 + len
    end
    if pos ~= stop then
        flag(st, item, tvb, pos, stop - pos, string.format("%d byte(s) after ice-pwd", stop - pos))
        return stop
    end
    return stop, parts[1]
end

-------------------------------------------------------------------------------------------------
-- Messages
-------------------------------------------------------------------------------------------------

local function set_info(pinfo, text)
    -- Several PDUs in one TCP segment: the first sets the column, the rest append.
    if tostring(pinfo.cols.protocol) == "P2PP" then
        pinfo.cols.info:append(" | " .. text)
    else
        pinfo.cols.protocol = "P2PP"
        pinfo.cols.info = text
    end
end

local function dissect_message_body(tvb, pinfo, root, st)
    local captured, reported = tvb:len(), tvb:reported_len()
    if reported < FIXED_LENGTH then
        flag(st, root, tvb, 0, captured,
            string.format("a P2PP header is at least %d bytes, got %d", FIXED_LENGTH, reported))
        return string.format("Malformed P2PP (%d bytes)", reported)
    end
    if captured < FIXED_LENGTH then
        root:add_proto_expert_info(e.short, "the capture holds only part of the P2PP header")
        return "P2PP (cut short by the capture)"
    end

    local first = tvb(0, 2):uint()
    local version = rshift(first, 14)
    local kind = band(rshift(first, 12), 3)
    local is_ack = band(first, 0x0800) ~= 0
    local code = band(first, 0x01FF)
    local rtype = tvb(2, 1):uint()
    local magic = tvb(4, 4):uint()
    local tid = tvb(8, 4):uint()
    local msg_length = tvb(12, 4):uint()

    root:add(f.version, tvb(0, 2))
    root:add(f.kind, tvb(0, 2))
    root:add(f.ack, tvb(0, 2))
    root:add(f.peer, tvb(0, 2))
    root:add(f.recursive, tvb(0, 2))
    root:add(f.response_code, tvb(0, 2))
    local rt_item = root:add(f.request_type, tvb(2, 1))
    root:add(f.ttl, tvb(3, 1))
    local magic_item = root:add(f.magic, tvb(4, 4))
    root:add(f.transaction_id, tvb(8, 4))
    local length_item = root:add(f.length, tvb(12, 4))

    local rtname = request_type_names[rtype] or string.format("Request type %d", rtype)
    local info = string.format("%s %s", rtname, kind_names[kind])
    if is_ack then info = info .. " ACK" end
    if kind >= 2 then info = info .. " " .. code end
    info = info .. string.format(" tid=0x%x", tid)

    if magic ~= MAGIC then
        flag(st, magic_item, tvb, 4, 4, string.format("magic cookie 0x%08x is not P2PP's 0x%08x", magic, MAGIC))
        return string.format("Not P2PP (magic cookie 0x%08x)", magic)
    end
    root:append_text(", " .. info)
    if version ~= 1 then
        flag(st, root, tvb, 0, 1, string.format("version %d, this dissector speaks 1", version))
        return info
    end

    local body_avail = reported - FIXED_LENGTH
    if msg_length > p2pp.prefs.max_length then
        flag(st, length_item, tvb, 12, 4,
            string.format("Message Length %d exceeds the limit of %d", msg_length, p2pp.prefs.max_length))
    end
    if msg_length > body_avail then
        flag(st, length_item, tvb, 12, 4,
            string.format("Message Length says %d byte(s) follow the fixed header, %d do (truncated)", msg_length, body_avail))
    elseif msg_length < body_avail then
        flag(st, length_item, tvb, FIXED_LENGTH + msg_length, body_avail - msg_length,
            string.format("Message Length says %d byte(s) follow the fixed header, %d do", msg_length, body_avail))
    end
    local stop = FIXED_LENGTH + math.min(msg_length, body_avail)
    if captured < stop then
        root:add_proto_expert_info(e.short, string.format("the capture holds %d of the message's %d bytes", captured, stop))
        return info
    end

    local id_length = (rtype <= 2) and SHORT_ID_LENGTH or p2pp.prefs.id_length
    if id_length < 1 or id_length > MAX_ID_LENGTH then id_length = 20 end
    local pos = FIXED_LENGTH
    if not need(st, root, tvb, pos, stop, id_length, "Source-ID") then return info end
    root:add(f.source_id, tvb(pos, id_length))
    pos = pos + id_length
    if is_ack or kind >= 2 then
        if not need(st, root, tvb, pos, stop, id_length, "Response-ID") then return info end
        root:add(f.response_id, tvb(pos, id_length))
        pos = pos + id_length
    end
    if rtype > LAST_REQUEST_TYPE then
        rt_item:add_proto_expert_info(e.unknown_request_type,
            string.format("request type %d is not assigned (0 to %d)", rtype, LAST_REQUEST_TYPE))
    end

    while pos < stop do
        local otype, next_pos = read_object(tvb, pinfo, root, pos, stop, 1, st)
        if otype == nil then break end
        pos = next_pos
    end
    return info
end

-- Dissects one whole message (a UDP datagram, or one PDU cut from a TCP stream).
local function dissect_message(tvb, pinfo, tree)
    local root = tree:add(p2pp, tvb())
    local st = new_state()
    local ok, result = pcall(dissect_message_body, tvb, pinfo, root, st)
    local info
    if ok then
        info = result
    else
        st.malformed = true
        root:add_proto_expert_info(e.dissector_error, "dissector error: " .. tostring(result))
        info = "P2PP"
    end
    if st.malformed then info = info .. " [Malformed]" end
    set_info(pinfo, info)
    return tvb:len()
end

-- TCP: frame the stream with Message Length (16 fixed bytes + Message Length).
local function tcp_pdu_length(tvb, pinfo, offset)
    local remaining = tvb:reported_length_remaining(offset)
    if tvb(offset + 4, 4):uint() ~= MAGIC then
        return remaining -- not P2PP: take the rest as one PDU and flag it
    end
    local msg_length = tvb(offset + 12, 4):uint()
    if msg_length > p2pp.prefs.max_length then
        return remaining -- absurd length: do not wait for it, flag it now
    end
    return FIXED_LENGTH + msg_length
end

function p2pp.dissector(tvb, pinfo, tree)
    if pinfo.port_type == PT_TCP then
        dissect_tcp_pdus(tvb, tree, FIXED_LENGTH, tcp_pdu_length, dissect_message, true)
        return tvb:len()
    end
    return dissect_message(tvb, pinfo, tree)
end

-- UDP on any port: the magic cookie at offset 4 says P2PP.
local function heuristic_udp(tvb, pinfo, tree)
    if tvb:len() < FIXED_LENGTH or tvb(4, 4):uint() ~= MAGIC then return false end
    dissect_message(tvb, pinfo, tree)
    pinfo.conversation = p2pp
    return true
end

DissectorTable.get("udp.port"):add(7080, p2pp)
DissectorTable.get("tcp.port"):add(7080, p2pp)
-- 7081 carries P2PP over DTLS/TLS; decrypting it is out of scope here.
p2pp:register_heuristic("udp", heuristic_udp)
