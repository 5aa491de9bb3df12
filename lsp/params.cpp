#include "lsp/params.h"

namespace jixiao::lsp {

ParamShape object_of(std::vector<ParamField> fields) {
  return ParamShape{ParamShape::Object, std::move(fields), nullptr};
}
ParamShape array_of(ParamShape items) {
  return ParamShape{ParamShape::Array, {}, std::make_shared<const ParamShape>(std::move(items))};
}
ParamField required(std::string name, ParamShape shape) { return ParamField{std::move(name), std::move(shape), true}; }
ParamField optional(std::string name, ParamShape shape) { return ParamField{std::move(name), std::move(shape), false}; }
ParamShape with(ParamShape base, std::vector<ParamField> more) {
  for (auto& f : more) base.fields.push_back(std::move(f));
  return base;
}

namespace shapes {
ParamShape text_document() { return object_of({required("uri", {ParamShape::String})}); }
ParamShape position() {
  return object_of({required("line", {ParamShape::UInteger}), required("character", {ParamShape::UInteger})});
}
ParamShape range() { return object_of({required("start", position()), required("end", position())}); }
ParamShape on_document() { return object_of({required("textDocument", text_document())}); }
ParamShape at_position() { return with(on_document(), {required("position", position())}); }
}  // namespace shapes

namespace {
const char* expected(ParamShape::Type t) {
  switch (t) {
    case ParamShape::Any: return "a value";
    case ParamShape::String: return "a string";
    case ParamShape::Boolean: return "a boolean";
    case ParamShape::Number: return "a number";
    case ParamShape::Integer: return "an integer";
    case ParamShape::UInteger: return "a non-negative integer";
    case ParamShape::Object: return "an object";
    case ParamShape::Array: return "an array";
  }
  return "a value";
}

bool fits(const json& v, ParamShape::Type t) {
  switch (t) {
    case ParamShape::Any: return true;
    case ParamShape::String: return v.is_string();
    case ParamShape::Boolean: return v.is_boolean();
    case ParamShape::Number: return v.is_number();
    case ParamShape::Integer: return v.is_number_integer();
    case ParamShape::UInteger: return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
    case ParamShape::Object: return v.is_object();
    case ParamShape::Array: return v.is_array();
  }
  return false;
}

std::optional<std::string> check(const json& v, const ParamShape& shape, const std::string& at) {
  if (!fits(v, shape.type)) return at + " is not " + expected(shape.type);
  if (shape.type == ParamShape::Object) {
    for (auto& f : shape.fields) {
      std::string path = at == "params" ? f.name : at + "." + f.name;
      auto it = v.find(f.name);
      if (it == v.end() || it->is_null()) {
        if (f.required) return path + " is missing";
        continue;
      }
      if (auto problem = check(*it, f.shape, path)) return problem;
    }
  } else if (shape.type == ParamShape::Array && shape.items) {
    for (size_t i = 0; i < v.size(); ++i)
      if (auto problem = check(v[i], *shape.items, at + "[" + std::to_string(i) + "]")) return problem;
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string> params_problem(const json& params, const ParamShape& shape) {
  if (params.is_null() && shape.type != ParamShape::Any) return "params is missing";
  return check(params, shape, "params");
}

}  // namespace jixiao::lsp
