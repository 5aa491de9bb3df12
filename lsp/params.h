// What a method's params must look like: the fields the server reads, each with the JSON type it
// must have. The server checks params against their shape before a handler runs, so handlers never
// see a position that is a string, and the client gets -32602 saying which field is wrong instead
// of a `null` result it cannot tell from "nothing here".
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lsp/protocol.h"

namespace jixiao::lsp {

struct ParamField;

struct ParamShape {
  enum Type { Any, String, Boolean, Number, Integer, UInteger, Object, Array } type = Any;
  std::vector<ParamField> fields;  // Object: the fields read (others are ignored)
  std::shared_ptr<const ParamShape> items;  // Array: every element's shape
};

struct ParamField {
  std::string name;
  ParamShape shape;
  bool required = true;  // an optional field may be absent or null
};

ParamShape object_of(std::vector<ParamField> fields);
ParamShape array_of(ParamShape items);
ParamField required(std::string name, ParamShape shape);
ParamField optional(std::string name, ParamShape shape);
// Adds fields to an object shape (e.g. TextDocumentPositionParams + newName).
ParamShape with(ParamShape base, std::vector<ParamField> more);

// The LSP structures the server's methods share.
namespace shapes {
ParamShape text_document();  // TextDocumentIdentifier
ParamShape position();
ParamShape range();
ParamShape on_document();  // { textDocument }
ParamShape at_position();  // TextDocumentPositionParams
}  // namespace shapes

// What is wrong with `params` ("position.line is not a non-negative integer"), or nothing.
std::optional<std::string> params_problem(const json& params, const ParamShape& shape);

}  // namespace jixiao::lsp
