#include "integration/http_client.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <stdexcept>

namespace sigid::testing {

std::string HttpResult::header(const std::string& name) const {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  for (const auto& [k, v] : headers)
    if (k == lower) return v;
  return "";
}

Poco::JSON::Object::Ptr HttpResult::json() const {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    throw std::runtime_error("status " + std::to_string(status) + ", body is not a JSON object: " + body);
  }
}

std::string HttpResult::jsonString(const std::string& key) const { return json()->optValue<std::string>(key, ""); }

HttpResult HttpClient::request(const std::string& method, const std::string& path, const std::string& body,
                               const std::map<std::string, std::string>& headers) const {
  Poco::Net::HTTPClientSession session(host_, port_);
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") req.setContentLength(body.size());
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse res;
  std::istream& in = session.receiveResponse(res);
  HttpResult out;
  out.status = res.getStatus();
  for (const auto& [k, v] : res) {
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    out.headers.emplace_back(lower, v);
  }
  Poco::StreamCopier::copyToString(in, out.body);
  return out;
}

HttpResult HttpClient::sendJson(const std::string& method, const std::string& path, const std::string& json,
                                std::map<std::string, std::string> headers) const {
  headers.emplace("Content-Type", "application/json");
  return request(method, path, json, headers);
}

std::string HttpClient::raw(const std::string& bytes) const {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(host_, port_));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  socket.shutdownSend();
  std::string out;
  char buf[4096];
  try {
    for (int n; (n = socket.receiveBytes(buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  } catch (const Poco::Exception&) {  // reset after the response: keep what arrived
  }
  return out;
}

}  // namespace sigid::testing
