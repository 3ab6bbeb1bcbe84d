import Evidence
import PolicyBytecode

/// The policy's own memory, filled once at load time: the byte and svn arenas behind constants,
/// parameters and set elements, in the VM's value representation.
struct PolicyArena {
    var bytes: [UInt8] = []
    var ints: [Int64] = []

    /// A constant or set element as a VM value.
    mutating func value(_ constant: BytecodeValue) -> VMValue {
        switch constant {
        case .bool(let b): return .bool(b)
        case .int(let v), .time(let v), .duration(let v): return .scalar(v)
        case .enumeration(_, let index): return .scalar(Int64(index))
        case .string(let s): return text(Array(s.utf8))
        case .bytes(let b): return text(b)
        case .svn(let components):
            let offset = ints.count
            ints.append(contentsOf: components)
            return .reference(offset: offset, count: components.count, inFrame: false)
        }
    }

    mutating func text(_ b: [UInt8]) -> VMValue {
        let offset = bytes.count
        bytes.append(contentsOf: b)
        return .reference(offset: offset, count: b.count, inFrame: false)
    }

    /// A parameter's JSON value as a value of `type` (BYTECODE.md §6, "Params"), or a reason
    /// why it is not one.
    mutating func parameter(_ json: JSONValue, _ type: TypeDescriptor, enums: [BytecodeModule.EnumType])
        -> Result<VMValue, ParameterProblem>
    {
        func problem(_ expected: String) -> Result<VMValue, ParameterProblem> {
            .failure(ParameterProblem(message: "expected \(expected), got \(json.summary)"))
        }
        switch (type, json) {
        case (.bool, .bool(let b)): return .success(.bool(b))
        case (.bool, _): return problem("true or false")
        case (.int, .int(let v)): return .success(.scalar(v))
        case (.int, _): return problem("an integer")
        case (.string, .string(let s)): return .success(text(Array(s.utf8)))
        case (.string, _): return problem("a string")
        case (.bytes(let length), .string(let s)):
            guard let b = Hex.decode(s) else { return problem("\(type) as a hex string") }
            guard length == 0 || b.count == Int(length) else {
                return .failure(ParameterProblem(message: "expected \(length) bytes, got \(b.count)"))
            }
            return .success(text(b))
        case (.bytes, _): return problem("\(type) as a hex string")
        case (.svn(let count), .array(let items)):
            var components: [Int64] = []
            for item in items {
                guard case .int(let v) = item else { return problem("svn[\(count)] as an array of integers") }
                components.append(v)
            }
            guard count == 0 || components.count == Int(count) else {
                return .failure(ParameterProblem(message: "expected \(count) svn components, got \(components.count)"))
            }
            return .success(value(.svn(components)))
        case (.svn(let count), _): return problem("svn[\(count)] as an array of integers")
        case (.time, .string(let s)):
            guard let t = Timestamp(rfc3339: s) else { return problem("an RFC 3339 time") }
            return .success(.scalar(t.secondsSinceEpoch))
        case (.time, _): return problem("an RFC 3339 time such as \"2026-01-01T00:00:00Z\"")
        case (.duration, .int(let v)): return .success(.scalar(v))
        case (.duration, .string(let s)):
            guard let seconds = DurationUnit.seconds(in: s) else { return problem("a duration such as 30d, 12h, 90s") }
            return .success(.scalar(seconds))
        case (.duration, _): return problem("a duration in seconds or such as \"30d\"")
        case (.enumeration(let id), .string(let name)):
            guard Int(id) < enums.count else { return problem("an enum case") }
            guard let index = enums[Int(id)].cases.firstIndex(of: name) else {
                let cases = enums[Int(id)].cases
                return problem(
                    "a case of \(enums[Int(id)].name) (\(cases.prefix(8).joined(separator: ", "))\(cases.count > 8 ? ", …" : ""))"
                )
            }
            return .success(.scalar(Int64(index)))
        case (.enumeration, _): return problem("an enum case name")
        default: return problem("\(type)")
        }
    }
}

/// Why a JSON value is not a value of a param's type.
struct ParameterProblem: Error {
    let message: String
}
